namespace EGov.Biometrics.Vision.Detection;

/// <summary>Settings of <see cref="UltraFaceDetector"/>.</summary>
public sealed record UltraFaceOptions
{
    /// <summary>The defaults.</summary>
    public static UltraFaceOptions Default { get; } = new();

    /// <summary>Minimum face probability kept before non-maximum suppression.</summary>
    public float ScoreThreshold { get; init; } = 0.7f;

    /// <summary>Overlap (IoU) above which the weaker of two boxes is dropped.</summary>
    public float NmsThreshold { get; init; } = 0.4f;

    /// <summary>Faces smaller than this (box height in source pixels) are ignored.</summary>
    public float MinFaceSize { get; init; } = 20;

    /// <summary>At most this many faces are returned.</summary>
    public int MaxFaces { get; init; } = 64;
}
