using OpenCvSharp;

namespace EGov.Biometrics.Vision.Imaging;

/// <summary>A decoded 8-bit BGR image, upright (EXIF orientation applied). Owns its pixels.</summary>
public sealed class DecodedImage : IDisposable
{
    /// <summary>Takes ownership of <paramref name="bgr"/>.</summary>
    internal DecodedImage(Mat bgr, ImageFormat format)
    {
        Bgr = bgr;
        Format = format;
    }

    /// <summary>The pixels, 8-bit BGR.</summary>
    internal Mat Bgr { get; }

    /// <summary>The format the bytes were in.</summary>
    public ImageFormat Format { get; }

    /// <summary>Pixels per row.</summary>
    public int Width => Bgr.Cols;

    /// <summary>Rows.</summary>
    public int Height => Bgr.Rows;

    /// <summary>Releases the pixels.</summary>
    public void Dispose() => Bgr.Dispose();
}
