using System.Text.Json.Serialization;

namespace EGov.Biometrics.Benchmarks.Matching;

/// <summary>The cascade at one pair of candidate counts: the recall it reached against exact search and its median time.</summary>
public sealed record CascadeSweepPoint(
    [property: JsonPropertyName("binary_candidates")] int BinaryCandidates,
    [property: JsonPropertyName("int8_candidates")] int Int8Candidates,
    [property: JsonPropertyName("recall_at_10")] double RecallAt10,
    [property: JsonPropertyName("ms")] double Ms);
