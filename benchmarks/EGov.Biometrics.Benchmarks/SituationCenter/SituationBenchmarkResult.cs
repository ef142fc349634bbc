using System.Text.Json.Serialization;

namespace EGov.Biometrics.Benchmarks.SituationCenter;

/// <summary>The Situation Center with simulated desks: page timings, the server's CPU idle and with every desk streaming, and the targets.</summary>
public sealed record SituationBenchmarkResult(
    [property: JsonPropertyName("cpu_model")] string CpuModel,
    [property: JsonPropertyName("cores")] int Cores,
    [property: JsonPropertyName("server_environment")] IReadOnlyList<string> ServerEnvironment,
    [property: JsonPropertyName("desks")] int Desks,
    [property: JsonPropertyName("centres")] int Centres,
    [property: JsonPropertyName("desks_connected")] int DesksConnected,
    [property: JsonPropertyName("desk_failures")] IReadOnlyList<string> DeskFailures,
    [property: JsonPropertyName("connect_s")] double ConnectSeconds,
    [property: JsonPropertyName("heartbeat_seconds")] int HeartbeatSeconds,
    [property: JsonPropertyName("heartbeats_in_window")] long HeartbeatsInWindow,
    [property: JsonPropertyName("window_s")] double WindowSeconds,
    [property: JsonPropertyName("server_cpu_pct_idle")] double ServerCpuPercentIdle,
    [property: JsonPropertyName("server_cpu_pct_heartbeats")] double ServerCpuPercentHeartbeats,
    [property: JsonPropertyName("server_cpu_pct_difference")] double ServerCpuPercentDifference,
    [property: JsonPropertyName("rows_on_first_page")] int RowsOnFirstPage,
    [property: JsonPropertyName("online_shown")] int? OnlineShown,
    [property: JsonPropertyName("desks_shown")] int? DesksShown,
    [property: JsonPropertyName("first_render_ms")] TimingSummary? FirstRender,
    [property: JsonPropertyName("update_ms")] TimingSummary? Update,
    [property: JsonPropertyName("targets")] SituationTargets Targets);
