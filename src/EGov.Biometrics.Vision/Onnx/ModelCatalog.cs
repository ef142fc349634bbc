using System.Collections.Concurrent;
using EGov.Biometrics.Vision.Models;

namespace EGov.Biometrics.Vision.Onnx;

/// <summary>Opens each model of a <see cref="ModelStore"/> once and hands the same session to every caller.</summary>
public sealed class ModelCatalog : IDisposable
{
    private readonly ConcurrentDictionary<string, Lazy<OnnxModel>> _models = new();
    private readonly OnnxRuntimeOptions _options;

    public ModelCatalog(ModelStore store, OnnxRuntimeOptions? options = null)
    {
        Store = store;
        _options = options ?? OnnxRuntimeOptions.Default;
    }

    public ModelStore Store { get; }

    public OnnxModel Open(string modelId) =>
        _models.GetOrAdd(modelId, id => new Lazy<OnnxModel>(() =>
        {
            var descriptor = Store.Manifest.Model(id);
            return new OnnxModel(descriptor, Store.ModelPath(descriptor), _options);
        })).Value;

    public OnnxModel OpenForTask(string task) => Open(Store.Manifest.ModelForTask(task).Id);

    public void Dispose()
    {
        foreach (var model in _models.Values.Where(m => m.IsValueCreated))
        {
            model.Value.Dispose();
        }
    }
}
