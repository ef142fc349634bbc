namespace EGov.Biometrics.Vision.Imaging;

/// <summary>
/// What the decoder accepts. The pixel limit is checked on the header before any pixel is decoded,
/// so a small file that claims a huge image (a decompression bomb) costs nothing.
/// </summary>
public sealed record ImageLimits
{
    public static ImageLimits Default { get; } = new();

    public long MaxEncodedBytes { get; init; } = 16 * 1024 * 1024;

    public long MaxPixels { get; init; } = 40_000_000;

    public int MinSide { get; init; } = 32;

    public IReadOnlySet<ImageFormat> AllowedFormats { get; init; } = new HashSet<ImageFormat>(Enum.GetValues<ImageFormat>());
}
