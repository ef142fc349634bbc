namespace EGov.Biometrics.Vision.Imaging;

/// <summary>Encoded image formats the decoder can accept (each must also be allowed by <see cref="ImageLimits"/>).</summary>
public enum ImageFormat
{
    /// <summary>JPEG.</summary>
    Jpeg,
    /// <summary>PNG.</summary>
    Png,
    /// <summary>Windows bitmap.</summary>
    Bmp,
    /// <summary>WebP.</summary>
    WebP,
    /// <summary>TIFF.</summary>
    Tiff,
    /// <summary>JPEG 2000 (JP2 or codestream).</summary>
    Jpeg2000,
    /// <summary>Netpbm (PGM, PPM).</summary>
    Netpbm,
}
