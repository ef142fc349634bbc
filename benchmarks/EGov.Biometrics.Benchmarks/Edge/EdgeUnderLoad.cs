using System.Text.Json.Serialization;

namespace EGov.Biometrics.Benchmarks.Edge;

/// <summary>egov-edge against a server answering at one pace: its memory, sampled once a second, and what it did.</summary>
public sealed record EdgeUnderLoad(
    [property: JsonPropertyName("server")] string Server,
    [property: JsonPropertyName("seconds")] double Seconds,
    [property: JsonPropertyName("rss_start_mib")] double RssStartMib,
    [property: JsonPropertyName("rss_median_mib")] double RssMedianMib,
    [property: JsonPropertyName("rss_max_mib")] double RssMaxMib,
    [property: JsonPropertyName("rss_last_mib")] double RssLastMib,
    [property: JsonPropertyName("captures_received")] long CapturesReceived,
    [property: JsonPropertyName("last_fps")] double LastFps,
    [property: JsonPropertyName("last_queue_depth")] int LastQueueDepth,
    [property: JsonPropertyName("frames_skipped")] long FramesSkipped);
