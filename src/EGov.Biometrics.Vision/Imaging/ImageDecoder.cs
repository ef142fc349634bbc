using MetadataExtractor;
using MetadataExtractor.Formats.Bmp;
using MetadataExtractor.Formats.Exif;
using MetadataExtractor.Formats.Jpeg;
using MetadataExtractor.Formats.Netpbm;
using MetadataExtractor.Formats.Png;
using MetadataExtractor.Formats.WebP;
using MetadataExtractor.Util;
using OpenCvSharp;

namespace EGov.Biometrics.Vision.Imaging;

/// <summary>
/// Turns untrusted bytes into a BGR image or an <see cref="InvalidImageException"/> that names the problem.
/// The header is read first (MetadataExtractor) to check format and size before OpenCV decodes a pixel.
/// </summary>
public static class ImageDecoder
{
    public static DecodedImage DecodeFile(string path, ImageLimits? limits = null)
    {
        var info = new FileInfo(path);
        if (!info.Exists)
        {
            throw new FileNotFoundException($"No image at {path}.", path);
        }

        var max = (limits ?? ImageLimits.Default).MaxEncodedBytes;
        if (info.Length > max)
        {
            throw TooLarge(info.Length, max);
        }

        return Decode(File.ReadAllBytes(path), limits);
    }

    public static DecodedImage Decode(byte[] data, ImageLimits? limits = null)
    {
        ArgumentNullException.ThrowIfNull(data);
        limits ??= ImageLimits.Default;
        if (data.Length == 0)
        {
            throw new InvalidImageException(ImageError.Empty, "The image is empty (0 bytes).");
        }

        if (data.Length > limits.MaxEncodedBytes)
        {
            throw TooLarge(data.Length, limits.MaxEncodedBytes);
        }

        var format = DetectFormat(data);
        if (!limits.AllowedFormats.Contains(format))
        {
            throw new InvalidImageException(ImageError.UnsupportedFormat, $"{format} images are not accepted here.");
        }

        EncodedIntegrity.EnsureComplete(data, format);
        if (format == ImageFormat.Bmp)
        {
            BmpHeader.Check(data);
        }

        var (width, height) = format == ImageFormat.Jpeg2000 ? Jpeg2000Header.ReadSize(data) : ReadDimensions(data, format);
        if ((long)width * height > limits.MaxPixels)
        {
            throw new InvalidImageException(
                ImageError.TooManyPixels, $"The image is {width}x{height} ({(long)width * height} pixels); at most {limits.MaxPixels} are accepted.");
        }

        if (Math.Min(width, height) < limits.MinSide)
        {
            throw new InvalidImageException(
                ImageError.TooSmall, $"The image is {width}x{height}; each side must be at least {limits.MinSide} pixels.");
        }

        // IMREAD_COLOR applies the EXIF orientation, so the result is upright. OpenCV reports a malformed stream
        // it noticed either as an empty image or as an exception: both are the sender's corrupt data.
        Mat mat;
        try
        {
            mat = Cv2.ImDecode(data, ImreadModes.Color);
        }
        catch (OpenCVException e)
        {
            throw new InvalidImageException(ImageError.Corrupt, $"The {format} data could not be decoded.", e);
        }

        if (mat.Empty())
        {
            mat.Dispose();
            throw new InvalidImageException(ImageError.Corrupt, $"The {format} data could not be decoded.");
        }

        return new DecodedImage(mat, format);
    }

    private static InvalidImageException TooLarge(long size, long max) =>
        new(ImageError.TooLarge, $"The image is {size} bytes; at most {max} bytes are accepted.");

    private static ImageFormat DetectFormat(byte[] data)
    {
        // MetadataExtractor names JPEG 2000 but reads none of its headers: Jpeg2000Header does both.
        if (Jpeg2000Header.IsJpeg2000(data))
        {
            return ImageFormat.Jpeg2000;
        }

        FileType type;
        try
        {
            using var stream = new MemoryStream(data, writable: false);
            type = FileTypeDetector.DetectFileType(stream);
        }
        catch (Exception e) when (e is IOException or ImageProcessingException)
        {
            throw new InvalidImageException(ImageError.UnsupportedFormat, "The data is not a recognised image format.", e);
        }

        return type switch
        {
            FileType.Jpeg => ImageFormat.Jpeg,
            FileType.Png => ImageFormat.Png,
            FileType.Bmp => ImageFormat.Bmp,
            FileType.WebP => ImageFormat.WebP,
            FileType.Tiff => ImageFormat.Tiff,
            FileType.Netpbm => ImageFormat.Netpbm,
            FileType.Unknown => throw new InvalidImageException(ImageError.UnsupportedFormat, "The data is not a recognised image format."),
            _ => throw new InvalidImageException(ImageError.UnsupportedFormat, $"{type} images are not supported (JPEG, JPEG 2000, PNG, TIFF, BMP, WebP or Netpbm)."),
        };
    }

    // OpenCV decodes a TIFF's first page, but every page (IFD) a file declares is measured: which page a decoder
    // picks is its own business, and none may be a bomb.
    private static (int, int)? LargestTiffPage(IReadOnlyList<MetadataExtractor.Directory> directories)
    {
        (int, int)? largest = null;
        foreach (var page in directories.OfType<ExifDirectoryBase>())
        {
            if (page.TryGetInt32(ExifDirectoryBase.TagImageWidth, out var w) && page.TryGetInt32(ExifDirectoryBase.TagImageHeight, out var h)
                && (largest is not { } l || (long)w * h > (long)l.Item1 * l.Item2))
            {
                largest = (w, h);
            }
        }

        return largest;
    }

    private static (int Width, int Height) ReadDimensions(byte[] data, ImageFormat format)
    {
        IReadOnlyList<MetadataExtractor.Directory> directories;
        try
        {
            using var stream = new MemoryStream(data, writable: false);
            directories = ImageMetadataReader.ReadMetadata(stream);
        }
        catch (Exception e) when (e is IOException or ImageProcessingException or MetadataException or ArgumentException or IndexOutOfRangeException or OverflowException)
        {
            throw new InvalidImageException(ImageError.Corrupt, $"The {format} header is unreadable: {e.Message}", e);
        }

        (int, int)? Size<T>(int widthTag, int heightTag)
            where T : MetadataExtractor.Directory
        {
            var dir = directories.OfType<T>().FirstOrDefault();
            return dir is not null && dir.TryGetInt32(widthTag, out var w) && dir.TryGetInt32(heightTag, out var h) ? (w, h) : null;
        }

        var size = format switch
        {
            ImageFormat.Jpeg => Size<JpegDirectory>(JpegDirectory.TagImageWidth, JpegDirectory.TagImageHeight),
            ImageFormat.Png => Size<PngDirectory>(PngDirectory.TagImageWidth, PngDirectory.TagImageHeight),
            ImageFormat.Bmp => Size<BmpHeaderDirectory>(BmpHeaderDirectory.TagImageWidth, BmpHeaderDirectory.TagImageHeight),
            ImageFormat.WebP => Size<WebPDirectory>(WebPDirectory.TagImageWidth, WebPDirectory.TagImageHeight),
            ImageFormat.Netpbm => Size<NetpbmHeaderDirectory>(NetpbmHeaderDirectory.TagWidth, NetpbmHeaderDirectory.TagHeight),
            ImageFormat.Tiff => LargestTiffPage(directories),
            _ => null,
        };

        // BMP stores top-down images with a negative height; int.MinValue has no positive counterpart (BmpHeader refuses it first).
        if (size is not { } s || s.Item1 <= 0 || s.Item2 is 0 or int.MinValue)
        {
            throw new InvalidImageException(ImageError.Corrupt, $"The {format} header holds no valid image size.");
        }

        return (s.Item1, Math.Abs(s.Item2));
    }
}
