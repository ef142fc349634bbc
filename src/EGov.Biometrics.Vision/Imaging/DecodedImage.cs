using OpenCvSharp;

namespace EGov.Biometrics.Vision.Imaging;

/// <summary>A decoded 8-bit BGR image, upright (EXIF orientation applied). Owns its pixels.</summary>
public sealed class DecodedImage : IDisposable
{
    public DecodedImage(Mat bgr, ImageFormat format)
    {
        Bgr = bgr;
        Format = format;
    }

    public Mat Bgr { get; }

    public ImageFormat Format { get; }

    public int Width => Bgr.Cols;

    public int Height => Bgr.Rows;

    public void Dispose() => Bgr.Dispose();
}
