namespace EGov.Biometrics.Vision.Models;

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
