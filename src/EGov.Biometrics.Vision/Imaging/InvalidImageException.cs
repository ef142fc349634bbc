namespace EGov.Biometrics.Vision.Imaging;

public sealed class InvalidImageException : Exception
{
    public InvalidImageException(ImageError reason, string message, Exception? inner = null)
        : base(message, inner) => Reason = reason;

    public InvalidImageException()
        : this(ImageError.Corrupt, "The image is invalid.")
    {
    }

    public InvalidImageException(string message)
        : this(ImageError.Corrupt, message)
    {
    }

    public InvalidImageException(string message, Exception innerException)
        : this(ImageError.Corrupt, message, innerException)
    {
    }

    public ImageError Reason { get; }
}
