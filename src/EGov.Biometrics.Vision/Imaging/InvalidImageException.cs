namespace EGov.Biometrics.Vision.Imaging;

/// <summary>Image bytes that cannot be decoded, or that break an <see cref="ImageLimits"/> limit; the message names the problem.</summary>
public sealed class InvalidImageException : Exception
{
    /// <summary>The problem, described by <paramref name="message"/>.</summary>
    public InvalidImageException(ImageError reason, string message, Exception? inner = null)
        : base(message, inner) => Reason = reason;

    /// <summary>A corrupt image.</summary>
    public InvalidImageException()
        : this(ImageError.Corrupt, "The image is invalid.")
    {
    }

    /// <summary>A corrupt image, described by <paramref name="message"/>.</summary>
    public InvalidImageException(string message)
        : this(ImageError.Corrupt, message)
    {
    }

    /// <summary>A corrupt image, described by <paramref name="message"/>, from <paramref name="innerException"/>.</summary>
    public InvalidImageException(string message, Exception innerException)
        : this(ImageError.Corrupt, message, innerException)
    {
    }

    /// <summary>What is wrong with the image.</summary>
    public ImageError Reason { get; }
}
