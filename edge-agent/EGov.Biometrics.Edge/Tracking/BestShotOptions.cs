namespace EGov.Biometrics.Edge.Tracking;

/// <summary>How often a track may send a capture, and which faces may be sent.</summary>
public sealed record BestShotOptions
{
    public static BestShotOptions Default { get; } = new();

    /// <summary>Each track emits at most one capture per window, the best face seen in it.</summary>
    public TimeSpan Window { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Minimum overall quality, on top of passing every gate of the quality report.</summary>
    public float MinQuality { get; init; }

    /// <summary>Context crops kept per window for the server's liveness check, taken at evenly spaced times across it (0: none).</summary>
    public int LivenessFrames { get; init; } = 3;

    /// <summary>
    /// Also send, for the server's active check, the window's frames with the most closed eyes and the head turned
    /// furthest left and right (at most 3 more; with the evenly spaced ones at most the server's 8 per capture).
    /// </summary>
    public bool ActiveEvidence { get; init; } = true;
}
