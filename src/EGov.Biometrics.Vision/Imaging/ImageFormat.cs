namespace EGov.Biometrics.Vision.Imaging;

/// <summary>Encoded image formats the decoder can accept (each must also be allowed by <see cref="ImageLimits"/>).</summary>
public enum ImageFormat
{
    Jpeg,
    Png,
    Bmp,
    WebP,
    Tiff,
    Jpeg2000,
    Netpbm,
}
