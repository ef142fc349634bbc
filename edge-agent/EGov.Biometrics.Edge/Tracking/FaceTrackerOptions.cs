namespace EGov.Biometrics.Edge.Tracking;

/// <summary>
/// When a detection continues a track. Both conditions must hold: the boxes overlap enough AND the faces
/// look alike, so that the next citizen sitting down in the same place starts a new track.
/// </summary>
public sealed record FaceTrackerOptions
{
    public static FaceTrackerOptions Default { get; } = new();

    /// <summary>Minimum box overlap (intersection over union) with the track's last box.</summary>
    public float MinIoU { get; init; } = 0.3f;

    /// <summary>
    /// Minimum <see cref="AppearanceDescriptor"/> similarity to the track's last face. Measured on 13 people of the
    /// sample photos pasted at one desk (FaceTrackerPhotoTests): the same person under shifts of up to 12 px and
    /// ±5 % brightness scores 0.90 or more (median 0.99), two different people at most 0.72 (median 0.36).
    /// 0.85 sits between, nearer the same-person side: a needless new track costs one more capture, a merged
    /// track can hide the next citizen's face for a window.
    /// </summary>
    public float MinDescriptorSimilarity { get; init; } = 0.85f;

    /// <summary>Minimum embedding cosine when the caller passes embeddings (same person, consecutive frames: 0.95 or more).</summary>
    public float MinEmbeddingSimilarity { get; init; } = 0.75f;

    /// <summary>A track ends after this many processed frames in a row without its face.</summary>
    public int MaxMissedFrames { get; init; } = 5;

    /// <summary>A track ends when its face has not been seen for this long (frames dropped by a busy worker count as time).</summary>
    public TimeSpan MaxGap { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>At most this many live tracks; beyond it the longest unseen ends (bounds memory whatever the scene).</summary>
    public int MaxTracks { get; init; } = 32;
}
