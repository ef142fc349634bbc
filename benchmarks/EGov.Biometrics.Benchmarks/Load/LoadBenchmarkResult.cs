using System.Text.Json.Serialization;

namespace EGov.Biometrics.Benchmarks.Load;

/// <summary>The service under load, with the baselines every ratio is measured against in the same run.</summary>
public sealed record LoadBenchmarkResult(
    [property: JsonPropertyName("subjects")] int Subjects,
    [property: JsonPropertyName("cores")] int Cores,
    [property: JsonPropertyName("seed_s")] double SeedSeconds,
    [property: JsonPropertyName("server_start_s")] double ServerStartSeconds,
    [property: JsonPropertyName("seconds_per_level")] double SecondsPerLevel,
    [property: JsonPropertyName("baseline")] IReadOnlyList<LoadLevel> Baseline,
    [property: JsonPropertyName("template")] IReadOnlyList<LoadLevel> Template,
    [property: JsonPropertyName("crop")] IReadOnlyList<LoadLevel> Crop,
    [property: JsonPropertyName("embedder_alone_per_second")] double EmbedderAlonePerSecond,
    [property: JsonPropertyName("genuine_match_rate")] double GenuineMatchRate);
