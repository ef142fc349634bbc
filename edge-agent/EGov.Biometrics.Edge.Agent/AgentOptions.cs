namespace EGov.Biometrics.Edge.Agent;

/// <summary>
/// The agent's settings (section "Agent"), from appsettings.json, then <c>EGOV_EDGE_Agent__*</c> environment
/// variables, then the command line (<c>--source --server --desk --api-key --loop --once …</c>).
/// </summary>
public sealed record AgentOptions
{
    public const string Section = "Agent";

    /// <summary>Camera index or /dev/videoN, rtsp:// or http(s):// stream, video file, or image folder.</summary>
    public string Source { get; init; } = string.Empty;

    public string Server { get; init; } = "https://127.0.0.1:5001";

    public string Desk { get; init; } = string.Empty;

    /// <summary>The service centre the desk belongs to, as the Situation Center groups desks (empty: none).</summary>
    public string Centre { get; init; } = string.Empty;

    /// <summary>"desk" (captures for the server, visits) or "hall" (a waiting hall: counts and dwell times only, no faces leave the agent).</summary>
    public string Mode { get; init; } = "desk";

    public bool HallMode => Mode == "hall";

    public string ApiKey { get; init; } = string.Empty;

    /// <summary>The server's certificate to pin (PEM), when it is not trusted by the system store.</summary>
    public string? ServerCertificate { get; init; }

    /// <summary>Play an image folder again from the start when it ends.</summary>
    public bool Loop { get; init; }

    /// <summary>Exit once the source has ended and every capture has been delivered.</summary>
    public bool Once { get; init; }

    /// <summary>Frames per second at which an image folder is played.</summary>
    public double FrameRate { get; init; } = 10;

    /// <summary>Pace a video file by its own frame rate, as a camera would deliver it.</summary>
    public bool Realtime { get; init; }

    /// <summary>The agent's own folder: the encrypted capture queue and, unless given elsewhere, its key.</summary>
    public string DataDirectory { get; init; } = "edge-data";

    /// <summary>The queue key, base64 of 32 bytes (or EGOV_EDGE_QUEUE_KEY); generated into the data folder when absent.</summary>
    public string? QueueKey { get; init; }

    public int QueueMaxCaptures { get; init; } = 20_000;

    public long QueueMaxBytes { get; init; } = 512L * 1024 * 1024;

    public double QueueMaxAgeHours { get; init; } = 24;

    /// <summary>At most one capture per person per window (the best one).</summary>
    public double BestShotWindowSeconds { get; init; } = 2;

    /// <summary>Captures sent and not yet acknowledged, at most.</summary>
    public int SendWindow { get; init; } = 8;

    /// <summary>The longest gap between heartbeats: the agent beats at the server's interval (its Welcome) or this, whichever is shorter.</summary>
    public double HeartbeatSeconds { get; init; } = 60;

    public double ReconnectMaxSeconds { get; init; } = 15;

    /// <summary>Score passive liveness on the edge too (the server embeds; liveness costs about 7 ms a face).</summary>
    public bool Liveness { get; init; }

    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(Source))
        {
            throw new ArgumentException("--source is required: a camera index or /dev/videoN, an rtsp:// or http:// stream, a video file or an image folder.");
        }

        if (Desk is not { Length: > 0 and <= 64 })
        {
            throw new ArgumentException("--desk is required (1 to 64 characters).");
        }

        if (Mode is not ("desk" or "hall"))
        {
            throw new ArgumentException($"--mode must be 'desk' or 'hall', got '{Mode}'.");
        }

        if (Centre.Length > 64)
        {
            throw new ArgumentException("--centre is at most 64 characters.");
        }

        if (string.IsNullOrWhiteSpace(ApiKey))
        {
            throw new ArgumentException("--api-key is required (a key with the device role), or EGOV_EDGE_Agent__ApiKey.");
        }

        if (!Uri.TryCreate(Server, UriKind.Absolute, out var server) || server.Scheme is not ("https" or "http"))
        {
            throw new ArgumentException($"--server must be an https:// address, got '{Server}'.");
        }

        if (FrameRate is <= 0 or > 120 || SendWindow is < 1 or > 256 || BestShotWindowSeconds <= 0 || HeartbeatSeconds <= 0)
        {
            throw new ArgumentException("--frame-rate must be in (0, 120], the send window 1 to 256, the best-shot window and heartbeat positive.");
        }
    }
}
