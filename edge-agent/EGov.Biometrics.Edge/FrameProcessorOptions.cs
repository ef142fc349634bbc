namespace EGov.Biometrics.Edge;

/// <summary>What <see cref="FrameProcessor"/> runs per frame.</summary>
public sealed record FrameProcessorOptions
{
    public static FrameProcessorOptions Default { get; } = new();

    /// <summary>Faces analysed per frame, largest first (the citizen at the desk is the largest face).</summary>
    public int MaxFaces { get; init; } = 4;

    /// <summary>Score passive liveness for every face (one more model run per face).</summary>
    public bool Liveness { get; init; }

    /// <summary>
    /// Track by face embeddings instead of the cheap descriptor: one embedder run per face, worth it only where
    /// the edge has the compute to spare (set <see cref="Tracking.FaceTrackerOptions.MinEmbeddingSimilarity"/> to match).
    /// </summary>
    public bool EmbeddingsForTracking { get; init; }

    /// <summary>
    /// Run the pose model for every face, not only for best-shot candidates (<see cref="Tracking.BestShotCandidate"/>):
    /// what the processor did before; the captures are the same, at about twice the cost per frame. For comparison.
    /// </summary>
    public bool QualityForEveryFace { get; init; }

    /// <summary>
    /// Detect and track only (a waiting hall): no quality, liveness or embedding, no best shot, so
    /// <see cref="FrameProcessor.Process"/> returns no captures; only <see cref="FrameProcessor.Visits"/> counts.
    /// </summary>
    public bool TrackOnly { get; init; }
}
