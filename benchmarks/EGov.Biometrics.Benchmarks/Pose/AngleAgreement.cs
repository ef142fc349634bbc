using System.Text.Json.Serialization;

namespace EGov.Biometrics.Benchmarks.Pose;

/// <summary>|landmark pose − pose model| for one angle in degrees, and the mean signed difference (bias).</summary>
public sealed record AngleAgreement(
    [property: JsonPropertyName("mae")] double Mae,
    [property: JsonPropertyName("median")] double Median,
    [property: JsonPropertyName("p95")] double P95,
    [property: JsonPropertyName("p99_5")] double P995,
    [property: JsonPropertyName("max")] double Max,
    [property: JsonPropertyName("bias")] double Bias);
