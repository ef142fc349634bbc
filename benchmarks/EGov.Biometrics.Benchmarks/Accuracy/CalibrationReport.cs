using System.Text.Json.Serialization;
using EGov.Biometrics.Vision.Models;

namespace EGov.Biometrics.Benchmarks.Accuracy;

public sealed record CalibrationReport(
    [property: JsonPropertyName("impostor_pairs")] long ImpostorPairs,
    [property: JsonPropertyName("thresholds")] IReadOnlyList<FmrThreshold> Thresholds);
