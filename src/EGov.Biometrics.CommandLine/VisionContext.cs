using EGov.Biometrics.Vision.Embedding;
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

    /// <summary>
    /// The pipeline with the manifest's embedder <paramref name="modelId"/> in place of the default (null: the default);
    /// the model brings its own alignment template and calibration.
    /// </summary>
    public FacePipeline PipelineFor(string? modelId)
    {
        if (modelId is null || modelId == Pipeline.Embedder.ModelId)
        {
            return Pipeline;
        }

        var embedders = Catalog.Store.Manifest.Models.Where(m => m.Task == "embedder").Select(m => m.Id).ToList();
        if (!embedders.Contains(modelId))
        {
            throw new CommandException($"'{modelId}' is not an embedder in the model manifest; the embedders are {string.Join(", ", embedders)}.");
        }

        var p = Pipeline;
        return new FacePipeline(
            p.Detector, p.Landmarker, p.Aligner, new OnnxFaceEmbedder(Catalog.Open(modelId)), p.LivenessDetector, p.QualityAssessor, p.FaceFinder.Options);
    }

    public void Dispose()
    {
        if (_catalog.IsValueCreated)
        {
            _catalog.Value.Dispose();
        }
    }
}
