using System.Text.Json.Serialization;

namespace EGov.Biometrics.Benchmarks.Accuracy;

/// <summary>Probe-to-stranger scores of one kind of stranger (real LFW identities or synthetic distractors).</summary>
public sealed record ScoreDistribution(
    [property: JsonPropertyName("source")] string Source,
    [property: JsonPropertyName("scores")] long Scores,
    [property: JsonPropertyName("mean")] double Mean,
    [property: JsonPropertyName("std")] double Std,
    [property: JsonPropertyName("p99")] double P99,
    [property: JsonPropertyName("p99_9")] double P999,
    [property: JsonPropertyName("p99_99")] double P9999,
    [property: JsonPropertyName("max")] double Max)
{
    public static ScoreDistribution Of(string source, float[] scores)
    {
        var sorted = scores.Order().ToArray();
        var mean = sorted.Average(s => (double)s);
        var std = Math.Sqrt(sorted.Sum(s => (s - mean) * (s - mean)) / (sorted.Length - 1));
        double Quantile(double q) => sorted[Math.Min(sorted.Length - 1, (int)Math.Floor(q * sorted.Length))];
        return new ScoreDistribution(source, sorted.Length, mean, std, Quantile(0.99), Quantile(0.999), Quantile(0.9999), sorted[^1]);
    }
}
