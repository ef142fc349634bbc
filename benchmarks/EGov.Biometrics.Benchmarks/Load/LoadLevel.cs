using System.Text.Json.Serialization;

namespace EGov.Biometrics.Benchmarks.Load;

/// <summary>One closed-loop run: <see cref="Clients"/> callers, each sending its next request when the last returns.</summary>
public sealed record LoadLevel(
    [property: JsonPropertyName("probe")] string Probe,
    [property: JsonPropertyName("clients")] int Clients,
    [property: JsonPropertyName("requests")] long Requests,
    [property: JsonPropertyName("errors")] long Errors,
    [property: JsonPropertyName("requests_per_second")] double RequestsPerSecond,
    [property: JsonPropertyName("p50_ms")] double P50Ms,
    [property: JsonPropertyName("p99_ms")] double P99Ms,
    [property: JsonPropertyName("ratio_to_baseline")] double RatioToBaseline,
    [property: JsonPropertyName("server_cpu_us_per_request")] double ServerCpuMicrosecondsPerRequest = double.NaN);
