namespace EGov.Biometrics.Vision.Imaging;

/// <summary>
/// What the decoder accepts. The pixel limit is checked on the header before any pixel is decoded,
/// so a small file that claims a huge image (a decompression bomb) costs nothing.
/// </summary>
public sealed record ImageLimits
{
    /// <summary>The defaults.</summary>
    public static ImageLimits Default { get; } = new();

    /// <summary>The most encoded bytes accepted.</summary>
    public long MaxEncodedBytes { get; init; } = 16 * 1024 * 1024;

    /// <summary>The most pixels (width × height) accepted.</summary>
    public long MaxPixels { get; init; } = 40_000_000;

    /// <summary>The shortest side accepted, in pixels.</summary>
    public int MinSide { get; init; } = 32;

    /// <summary>The formats accepted.</summary>
    public IReadOnlySet<ImageFormat> AllowedFormats { get; init; } = new HashSet<ImageFormat>(Enum.GetValues<ImageFormat>());
}
