using System.Text.Json.Serialization;

namespace EGov.Biometrics.Benchmarks.Accuracy;

/// <summary>The figures of <c>egov-bench lfw --fusion</c>: each embedder alone, with test-time flip, and fused.</summary>
public sealed record LfwFusionReport(
    [property: JsonPropertyName("pairs")] int Pairs,
    [property: JsonPropertyName("images")] int Images,
    [property: JsonPropertyName("impostor_pairs")] long ImpostorPairs,
    [property: JsonPropertyName("first_weight")] double FirstWeight,
    [property: JsonPropertyName("first_weight_flip")] double FirstWeightFlip,
    [property: JsonPropertyName("locate_ms")] double LocateMs,
    [property: JsonPropertyName("rows")] IReadOnlyList<FusionRowReport> Rows,
    [property: JsonPropertyName("cpu")] string Cpu);
