namespace EGov.Biometrics.Vision.Imaging;

/// <summary>Why an input image was refused; callers map every reason to a client error, never to a crash.</summary>
public enum ImageError
{
    Empty,
    TooLarge,
    UnsupportedFormat,
    TooManyPixels,
    TooSmall,
    Truncated,
    Corrupt,
}
