using System.Text.Json.Serialization;

namespace EGov.Biometrics.Benchmarks.SituationCenter;

/// <summary>
/// The targets for the Situation Center and whether this run met them: the first page renders in
/// under 1 s, a change reaches the page within 2 s, and the heartbeats cost the server under 10 % of one core
/// (the streaming server's CPU less the idle server's, both measured in the run). Medians are judged; a
/// figure not measured (the page not timed) is null and neither passes nor fails.
/// </summary>
public sealed record SituationTargets(
    [property: JsonPropertyName("first_render_ms")] double FirstRenderMs,
    [property: JsonPropertyName("update_ms")] double UpdateMs,
    [property: JsonPropertyName("heartbeat_cpu_pct")] double HeartbeatCpuPercent,
    [property: JsonPropertyName("first_render_pass")] bool? FirstRenderPass,
    [property: JsonPropertyName("update_pass")] bool? UpdatePass,
    [property: JsonPropertyName("heartbeat_cpu_pass")] bool HeartbeatCpuPass)
{
    public const double MaxFirstRenderMs = 1000;
    public const double MaxUpdateMs = 2000;
    public const double MaxHeartbeatCpuPercent = 10;

    [JsonPropertyName("pass")]
    public bool Pass => FirstRenderPass != false && UpdatePass != false && HeartbeatCpuPass;

    /// <summary>Judges each measured figure; one not measured (null: the page was not timed) is neither passed nor failed.</summary>
    public static SituationTargets Judge(double? firstRenderMs, double? updateMs, double heartbeatCpuPercent) => new(
        MaxFirstRenderMs, MaxUpdateMs, MaxHeartbeatCpuPercent,
        firstRenderMs < MaxFirstRenderMs ? true : firstRenderMs is null ? null : false,
        updateMs < MaxUpdateMs ? true : updateMs is null ? null : false,
        heartbeatCpuPercent < MaxHeartbeatCpuPercent);
}
