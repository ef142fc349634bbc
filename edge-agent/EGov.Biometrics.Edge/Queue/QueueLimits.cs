namespace EGov.Biometrics.Edge.Queue;

/// <summary>
/// Bounds of the disk queue while the server is unreachable. When full, the oldest capture gives way:
/// the citizen who just sat down matters more than one who left an hour ago.
/// </summary>
public sealed record QueueLimits
{
    public static QueueLimits Default { get; } = new();

    /// <summary>Most captures kept (a 112x112 capture with its three 256x256 liveness frames is about 0.3–0.5 MB on disk).</summary>
    public int MaxCount { get; init; } = 20_000;

    /// <summary>Most bytes kept, headers included.</summary>
    public long MaxBytes { get; init; } = 512L * 1024 * 1024;

    /// <summary>A capture older than this (since it was queued) is dropped unsent: the visit it belongs to is long over.</summary>
    public TimeSpan MaxAge { get; init; } = TimeSpan.FromHours(24);
}
