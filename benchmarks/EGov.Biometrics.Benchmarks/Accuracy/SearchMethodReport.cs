using System.Text.Json.Serialization;

namespace EGov.Biometrics.Benchmarks.Accuracy;

/// <summary>
/// One search method's open-set figures among the distractors, and its agreement with exact search: over all
/// probes, the mated, the non-mated, and those whose exact best score is above exact's threshold at FPIR 0.01
/// (the searches that return a candidate to an examiner).
/// </summary>
public sealed record SearchMethodReport(
    [property: JsonPropertyName("method")] string Method,
    [property: JsonPropertyName("recall_at_1")] double RecallAt1,
    [property: JsonPropertyName("recall_at_10")] double RecallAt10,
    [property: JsonPropertyName("recall_at_1_mated")] double RecallAt1Mated,
    [property: JsonPropertyName("recall_at_1_non_mated")] double RecallAt1NonMated,
    [property: JsonPropertyName("recall_at_1_above_threshold")] double RecallAt1AboveThreshold,
    [property: JsonPropertyName("rank1")] double Rank1,
    [property: JsonPropertyName("fnir_at_fpir_0.01")] double FnirAtFpir1e2,
    [property: JsonPropertyName("threshold_at_fpir_0.01")] double ThresholdAtFpir1e2,
    [property: JsonPropertyName("fnir_at_fpir_0.003")] double FnirAtFpir3e3,
    [property: JsonPropertyName("median_ms")] double MedianMs,
    [property: JsonPropertyName("timed_queries")] int TimedQueries,
    [property: JsonPropertyName("rank1_minus_exact")] double Rank1MinusExact,
    [property: JsonPropertyName("fnir_minus_exact")] double FnirMinusExact);
