namespace EGov.Biometrics.Vision.Models;

/// <summary>How a model is produced from package files that ONNX Runtime cannot load directly.</summary>
public sealed record ConversionSpec(string Converter, IReadOnlyList<string> Sources);
