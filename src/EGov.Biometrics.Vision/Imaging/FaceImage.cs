using System.Runtime.InteropServices;
using OpenCvSharp;

namespace EGov.Biometrics.Vision.Imaging;

/// <summary>
/// An 8-bit BGR image as plain bytes: <see cref="Height"/> rows of <see cref="Stride"/> bytes, each row holding
/// <see cref="Width"/> pixels of blue, green and red. The library's public methods take and return this type, so a
/// caller needs no OpenCV; <see cref="Decode"/> and <see cref="Load"/> read JPEG, PNG, WebP, BMP, TIFF and JPEG 2000.
/// </summary>
public sealed class FaceImage
{
    private readonly byte[] _pixels;

    /// <summary>Wraps BGR pixels (not copied; do not change them while the image is in use).</summary>
    /// <param name="bgr">The pixels, row after row.</param>
    /// <param name="width">Pixels per row.</param>
    /// <param name="height">Rows.</param>
    /// <param name="stride">Bytes from one row to the next; at least 3 × <paramref name="width"/>.</param>
    public FaceImage(byte[] bgr, int width, int height, int stride)
    {
        ArgumentNullException.ThrowIfNull(bgr);
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 1);
        if (stride < width * 3)
        {
            throw new ArgumentOutOfRangeException(nameof(stride), stride, $"A row of {width} BGR pixels needs a stride of at least {width * 3} bytes.");
        }

        var needed = ((long)stride * (height - 1)) + (width * 3);
        if (bgr.Length < needed)
        {
            throw new ArgumentException($"A {width}x{height} BGR image with stride {stride} needs {needed} bytes, got {bgr.Length}.", nameof(bgr));
        }

        _pixels = bgr;
        Width = width;
        Height = height;
        Stride = stride;
    }

    /// <summary>Pixels per row.</summary>
    public int Width { get; }

    /// <summary>Rows.</summary>
    public int Height { get; }

    /// <summary>Bytes from one row to the next.</summary>
    public int Stride { get; }

    /// <summary>The BGR pixels, row after row (<see cref="Stride"/> bytes apart).</summary>
    public ReadOnlyMemory<byte> Bgr => _pixels;

    /// <summary>Decodes an encoded image (EXIF orientation applied), refusing malformed or oversized input with <see cref="InvalidImageException"/>.</summary>
    public static FaceImage Decode(byte[] encoded, ImageLimits? limits = null)
    {
        using var decoded = ImageDecoder.Decode(encoded, limits);
        return FromMat(decoded.Bgr);
    }

    /// <summary>Reads and decodes an image file (see <see cref="Decode"/>).</summary>
    public static FaceImage Load(string path, ImageLimits? limits = null)
    {
        using var decoded = ImageDecoder.DecodeFile(path, limits);
        return FromMat(decoded.Bgr);
    }

    /// <summary>Encodes the image as PNG.</summary>
    public byte[] ToPng()
    {
        using var mat = ToMat();
        return mat.ImEncode(".png");
    }

    /// <summary>A copy of an 8-bit BGR <see cref="Mat"/> (the OpenCV adapter's way in).</summary>
    internal static FaceImage FromMat(Mat bgr)
    {
        if (bgr.Type() != MatType.CV_8UC3)
        {
            throw new ArgumentException($"Expected an 8-bit 3-channel BGR image, got {bgr.Type()}.", nameof(bgr));
        }

        var (rows, cols) = (bgr.Rows, bgr.Cols);
        var stride = cols * 3;
        var pixels = new byte[stride * rows];
        for (var y = 0; y < rows; y++)
        {
            Marshal.Copy(bgr.Ptr(y), pixels, y * stride, stride);
        }

        return new FaceImage(pixels, cols, rows, stride);
    }

    /// <summary>A new <see cref="Mat"/> holding a copy of the pixels; the caller disposes it.</summary>
    internal Mat ToMat()
    {
        var mat = new Mat(Height, Width, MatType.CV_8UC3);
        var row = Width * 3;
        for (var y = 0; y < Height; y++)
        {
            Marshal.Copy(_pixels, y * Stride, mat.Ptr(y), row);
        }

        return mat;
    }
}
