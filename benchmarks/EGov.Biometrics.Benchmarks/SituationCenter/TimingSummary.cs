using System.Text.Json.Serialization;

namespace EGov.Biometrics.Benchmarks.SituationCenter;

/// <summary>Repeated timings of one thing: their median, their maximum, and every sample in the order taken.</summary>
public sealed record TimingSummary(
    [property: JsonPropertyName("median")] double Median,
    [property: JsonPropertyName("max")] double Max,
    [property: JsonPropertyName("samples")] IReadOnlyList<double> Samples)
{
    public static TimingSummary Of(IReadOnlyList<double> samples) =>
        new(Stopwatches.Median(samples), samples.Count == 0 ? double.NaN : samples.Max(), samples);
}
