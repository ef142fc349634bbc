using System.Collections.Concurrent;
using EGov.Biometrics.Vision.Models;

namespace EGov.Biometrics.Vision.Onnx;

/// <summary>Opens each model of a <see cref="ModelStore"/> once and hands the same session to every caller.</summary>
public sealed class ModelCatalog : IDisposable
{
    private readonly ConcurrentDictionary<string, Lazy<OnnxModel>> _models = new();
    private readonly OnnxRuntimeOptions _options;

    /// <summary>A catalogue over the models of <paramref name="store"/>.</summary>
    public ModelCatalog(ModelStore store, OnnxRuntimeOptions? options = null)
    {
        Store = store;
        _options = options ?? OnnxRuntimeOptions.Default;
    }

    /// <summary>Where the models come from.</summary>
    public ModelStore Store { get; }

    /// <summary>The model with this manifest id, opened on first use.</summary>
    public OnnxModel Open(string modelId) =>
        _models.GetOrAdd(modelId, id => new Lazy<OnnxModel>(() =>
        {
            var descriptor = Store.Manifest.Model(id);
            return Store.InMemory
                ? new OnnxModel(descriptor, Store.ModelBytes(descriptor), _options)
                : new OnnxModel(descriptor, Store.ModelPath(descriptor), _options);
        })).Value;

    /// <summary>The manifest's model for a task, opened on first use.</summary>
    public OnnxModel OpenForTask(string task) => Open(Store.Manifest.ModelForTask(task).Id);

    /// <summary>Closes every model opened.</summary>
    public void Dispose()
    {
        foreach (var model in _models.Values.Where(m => m.IsValueCreated))
        {
            model.Value.Dispose();
        }
    }
}
