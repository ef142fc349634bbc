using System.Text.Json.Serialization;

namespace EGov.Biometrics.Benchmarks.Accuracy;

/// <summary>One search method's open-set figures among the distractors, and its agreement with exact search.</summary>
public sealed record SearchMethodReport(
    [property: JsonPropertyName("method")] string Method,
    [property: JsonPropertyName("recall_at_1")] double RecallAt1,
    [property: JsonPropertyName("recall_at_10")] double RecallAt10,
    [property: JsonPropertyName("rank1")] double Rank1,
    [property: JsonPropertyName("fnir_at_fpir_0.01")] double FnirAtFpir1e2,
    [property: JsonPropertyName("threshold_at_fpir_0.01")] double ThresholdAtFpir1e2,
    [property: JsonPropertyName("fnir_at_fpir_0.003")] double FnirAtFpir3e3,
    [property: JsonPropertyName("median_ms")] double MedianMs,
    [property: JsonPropertyName("timed_queries")] int TimedQueries,
    [property: JsonPropertyName("rank1_minus_exact")] double Rank1MinusExact,
    [property: JsonPropertyName("fnir_minus_exact")] double FnirMinusExact);
