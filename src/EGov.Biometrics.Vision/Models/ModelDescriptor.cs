namespace EGov.Biometrics.Vision.Models;

/// <summary>A model the manifest names: where it comes from, its hash, its tensors and how to feed it.</summary>
/// <param name="Id">The model's id.</param>
/// <param name="Version">The package version it comes from.</param>
/// <param name="Task">What it does: detector, landmarks, embedder, liveness, pose, eye_state.</param>
/// <param name="Package">The npm package that holds it (or its sources).</param>
/// <param name="Path">Its path in the package; null for a converted model.</param>
/// <param name="Sha256">Its sha256, hex.</param>
/// <param name="License">Its licence.</param>
/// <param name="Inputs">Its input tensors.</param>
/// <param name="Outputs">Its output tensors.</param>
/// <param name="Preprocessing">How an image becomes its input.</param>
/// <param name="Template">For an embedder, where it expects the landmarks.</param>
/// <param name="Calibration">For an embedder, thresholds by false-match rate.</param>
/// <param name="Classes">For a classifier, its classes in output order.</param>
/// <param name="Conversion">For a converted model, how it is built.</param>
/// <param name="Notes">What was measured about it.</param>
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
