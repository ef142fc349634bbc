namespace EGov.Biometrics.Vision.Imaging;

/// <summary>Why an input image was refused; callers map every reason to a client error, never to a crash.</summary>
public enum ImageError
{
    /// <summary>No bytes at all.</summary>
    Empty,
    /// <summary>More bytes than <see cref="ImageLimits.MaxEncodedBytes"/>.</summary>
    TooLarge,
    /// <summary>A format that is not read, or not allowed here.</summary>
    UnsupportedFormat,
    /// <summary>More pixels than <see cref="ImageLimits.MaxPixels"/>.</summary>
    TooManyPixels,
    /// <summary>A side shorter than <see cref="ImageLimits.MinSide"/>.</summary>
    TooSmall,
    /// <summary>The data ends before the image does.</summary>
    Truncated,
    /// <summary>The data is malformed.</summary>
    Corrupt,
}
