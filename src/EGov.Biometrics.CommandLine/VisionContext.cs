using EGov.Biometrics.Vision.Models;
using EGov.Biometrics.Vision.Onnx;
using EGov.Biometrics.Vision.Pipeline;

namespace EGov.Biometrics.CommandLine;

/// <summary>The models and pipeline a command uses, opened on first use.</summary>
public sealed class VisionContext : IDisposable
{
    private readonly Lazy<ModelCatalog> _catalog = new(() => new ModelCatalog(ModelStore.Discover()));
    private readonly Lazy<FacePipeline> _pipeline;

    public VisionContext() => _pipeline = new Lazy<FacePipeline>(() => FacePipeline.Create(Catalog));

    public ModelCatalog Catalog => _catalog.Value;

    public FacePipeline Pipeline => _pipeline.Value;

    public void Dispose()
    {
        if (_catalog.IsValueCreated)
        {
            _catalog.Value.Dispose();
        }
    }
}
