using MetadataExtractor;
using MetadataExtractor.Formats.Bmp;
using MetadataExtractor.Formats.Jpeg;
using MetadataExtractor.Formats.Netpbm;
using MetadataExtractor.Formats.Png;
using MetadataExtractor.Formats.Riff;
using MetadataExtractor.Formats.WebP;
using MetadataExtractor.IO;
using MetadataExtractor.Util;
using OpenCvSharp;

namespace EGov.Biometrics.Vision.Imaging;

/// <summary>
/// Turns untrusted bytes into a BGR image or an <see cref="InvalidImageException"/> that names the problem.
/// The header is read first to check format and size before OpenCV decodes a pixel: only the segment or chunk that
/// holds the size (MetadataExtractor's readers for JPEG, PNG, WebP, BMP and Netpbm; <see cref="TiffHeader"/> and
/// <see cref="Jpeg2000Header"/>), never the EXIF, XMP, text or ICC metadata around it, which the decoder does not need
/// and which cost the server its life (a recursive EXIF walk) or gigabytes (a compressed PNG comment) to read.
/// </summary>
public static class ImageDecoder
{
    /// <summary>Reads and decodes an image file; see <see cref="Decode"/>.</summary>
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

    /// <summary>Decodes untrusted bytes into an upright BGR image, or throws <see cref="InvalidImageException"/> naming the problem.</summary>
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

        if (format == ImageFormat.Jpeg)
        {
            JpegScans.Check(data);
        }

        var (width, height) = format switch
        {
            ImageFormat.Jpeg2000 => Jpeg2000Header.ReadSize(data),
            ImageFormat.Tiff => TiffHeader.ReadSize(data, limits.MaxPixels),
            _ => ReadDimensions(data, format),
        };
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

        if (format == ImageFormat.Jpeg2000)
        {
            Jpeg2000Header.CheckCost(data);
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
            // MetadataExtractor names any little-endian TIFF whose first page follows its header (as Pillow and
            // tifffile write them) a Sony ARW by that signature alone; TiffHeader checks what it really is.
            FileType.Tiff or FileType.Arw => ImageFormat.Tiff,
            FileType.Netpbm => ImageFormat.Netpbm,
            FileType.Unknown => throw new InvalidImageException(ImageError.UnsupportedFormat, "The data is not a recognised image format."),
            _ => throw new InvalidImageException(ImageError.UnsupportedFormat, $"{type} images are not supported (JPEG, JPEG 2000, PNG, TIFF, BMP, WebP or Netpbm)."),
        };
    }

    private static (int Width, int Height) ReadDimensions(byte[] data, ImageFormat format)
    {
        (int, int)? size;
        try
        {
            using var stream = new MemoryStream(data, writable: false);
            size = format switch
            {
                ImageFormat.Jpeg => Size<JpegDirectory>(JpegMetadataReader.ReadMetadata(stream, [new JpegReader()]), JpegDirectory.TagImageWidth, JpegDirectory.TagImageHeight),
                ImageFormat.Png => PngSize(stream),
                ImageFormat.Bmp => Size<BmpHeaderDirectory>(BmpMetadataReader.ReadMetadata(stream), BmpHeaderDirectory.TagImageWidth, BmpHeaderDirectory.TagImageHeight),
                ImageFormat.WebP => Size<WebPDirectory>(WebPDirectories(stream), WebPDirectory.TagImageWidth, WebPDirectory.TagImageHeight),
                ImageFormat.Netpbm => Size<NetpbmHeaderDirectory>([NetpbmMetadataReader.ReadMetadata(stream)], NetpbmHeaderDirectory.TagWidth, NetpbmHeaderDirectory.TagHeight),
                _ => null,
            };
        }
        catch (Exception e) when (e is IOException or ImageProcessingException or MetadataException or ArgumentException or IndexOutOfRangeException or OverflowException)
        {
            throw new InvalidImageException(ImageError.Corrupt, $"The {format} header is unreadable: {e.Message}", e);
        }

        // BMP stores top-down images with a negative height; int.MinValue has no positive counterpart (BmpHeader refuses it first).
        if (size is not { } s || s.Item1 <= 0 || s.Item2 is 0 or int.MinValue)
        {
            throw new InvalidImageException(ImageError.Corrupt, $"The {format} header holds no valid image size.");
        }

        return (s.Item1, Math.Abs(s.Item2));
    }

    private static (int, int)? Size<T>(IEnumerable<MetadataExtractor.Directory> directories, int widthTag, int heightTag)
        where T : MetadataExtractor.Directory
    {
        var dir = directories.OfType<T>().FirstOrDefault();
        return dir is not null && dir.TryGetInt32(widthTag, out var w) && dir.TryGetInt32(heightTag, out var h) ? (w, h) : null;
    }

    // IHDR is a PNG's first chunk: nothing after it is read (a zTXt comment of 1 GiB in 1 MB was inflated whole).
    private static (int, int)? PngSize(Stream stream)
    {
        var ihdr = new PngChunkReader().Extract(new SequentialStreamReader(stream), new HashSet<PngChunkType> { PngChunkType.IHDR }).FirstOrDefault();
        var header = ihdr is null ? null : new PngHeader(ihdr.Bytes);
        return header is null ? null : (header.ImageWidth, header.ImageHeight);
    }

    private static List<MetadataExtractor.Directory> WebPDirectories(Stream stream)
    {
        var directories = new List<MetadataExtractor.Directory>();
        new RiffReader().ProcessRiff(new SequentialStreamReader(stream), new WebPSizeChunks(directories));
        return directories;
    }
}
