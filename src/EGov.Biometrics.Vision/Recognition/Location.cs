namespace EGov.Biometrics.Vision.Recognition;

/// <summary>
/// A face's box in image pixels, as FaceRecognitionDotNet's <c>Location</c> and face_recognition's
/// <c>(top, right, bottom, left)</c>: <see cref="Left"/> and <see cref="Top"/> inclusive, <see cref="Right"/> and
/// <see cref="Bottom"/> exclusive.
/// </summary>
/// <param name="Left">The box's left edge (x of its first column).</param>
/// <param name="Top">The box's top edge (y of its first row).</param>
/// <param name="Right">The box's right edge (x one past its last column).</param>
/// <param name="Bottom">The box's bottom edge (y one past its last row).</param>
public readonly record struct Location(int Left, int Top, int Right, int Bottom)
{
    /// <summary>Width in pixels.</summary>
    public int Width => Right - Left;

    /// <summary>Height in pixels.</summary>
    public int Height => Bottom - Top;
}
