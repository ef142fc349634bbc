using System.Text.Json;
using System.Text.Json.Serialization;

namespace EGov.Biometrics.Vision.Models;

/// <summary>The parsed <c>models/manifest.json</c>: every model and test asset, where it comes from and how to feed it.</summary>
public sealed record ModelManifest(
    int Schema,
    IReadOnlyList<ModelPackage> Packages,
    IReadOnlyList<ModelDescriptor> Models,
    IReadOnlyList<AssetDescriptor> Assets)
{
    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        ReadCommentHandling = JsonCommentHandling.Skip,
    };

    public static ModelManifest Parse(string json) =>
        JsonSerializer.Deserialize<ModelManifest>(json, JsonOptions)
        ?? throw new InvalidDataException("The model manifest is empty.");

    public static ModelManifest Load(string path) => Parse(File.ReadAllText(path));

    public ModelDescriptor Model(string id) =>
        Models.FirstOrDefault(m => m.Id == id)
        ?? throw new KeyNotFoundException($"The model manifest has no model '{id}'.");

    public ModelDescriptor ModelForTask(string task) =>
        Models.FirstOrDefault(m => m.Task == task)
        ?? throw new KeyNotFoundException($"The model manifest has no model for task '{task}'.");
}

public sealed record ModelPackage(string Name, string Version, string Integrity, string License);

public sealed record TensorSpec(string Name, IReadOnlyList<int> Shape);

public sealed record Preprocessing(
    string Layout,
    string Channels,
    IReadOnlyList<float> Mean,
    IReadOnlyList<float> Scale,
    [property: JsonPropertyName("crop_scale")] float? CropScale = null);

public sealed record AlignmentTemplateSpec(IReadOnlyList<int> Size, IReadOnlyList<IReadOnlyList<float>> Points, IReadOnlyList<string> Order, string? Source = null);

/// <summary>Score thresholds by false-match rate, measured on impostor comparisons (see docs/accuracy.md).</summary>
public sealed record CalibrationSpec(
    string Metric,
    double DefaultFmr,
    IReadOnlyList<FmrThreshold> Thresholds,
    string Source);

/// <summary>The similarity at or above which a fraction <see cref="Fmr"/> of impostor comparisons score.</summary>
public sealed record FmrThreshold(double Fmr, float Threshold, bool Extrapolated = false);

/// <summary>How a model is produced from package files that ONNX Runtime cannot load directly.</summary>
public sealed record ConversionSpec(string Converter, IReadOnlyList<string> Sources);

public sealed record ModelDescriptor(
    string Id,
    string Version,
    string Task,
    string Package,
    string? Path,
    string Sha256,
    string License,
    IReadOnlyList<TensorSpec> Inputs,
    IReadOnlyList<TensorSpec> Outputs,
    Preprocessing Preprocessing,
    AlignmentTemplateSpec? Template = null,
    CalibrationSpec? Calibration = null,
    IReadOnlyList<string>? Classes = null,
    ConversionSpec? Conversion = null,
    string? Notes = null)
{
    /// <summary>Index of a named output class (for classifiers whose class order the manifest records).</summary>
    public int ClassIndex(string name)
    {
        var index = Classes?.ToList().IndexOf(name) ?? -1;
        return index >= 0 ? index : throw new InvalidDataException($"{Id}: the manifest names no class '{name}'.");
    }

    /// <summary>File name of the model inside the cache (written by the fetch script, or by the converter).</summary>
    public string CacheFileName => Conversion is null ? Id + System.IO.Path.GetExtension(Path) : Id + ".onnx";
}

public sealed record AssetDescriptor(string Id, string Package, string Path, string Sha256, int? Faces = null)
{
    public string CacheFileName => System.IO.Path.Combine("assets", Id + System.IO.Path.GetExtension(Path));
}
