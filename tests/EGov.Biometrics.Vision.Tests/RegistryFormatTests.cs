using System.Buffers.Binary;
using EGov.Biometrics.Vision.Imaging;
using OpenCvSharp;

namespace EGov.Biometrics.Vision.Tests;

/// <summary>
/// The formats registries hold (ICAO 9303 chip images are JPEG or JPEG 2000; scans come as TIFF; tools write
/// Netpbm), generated here by OpenCV's own encoders, decoded, and refused from their headers when they declare
/// more pixels than allowed.
/// </summary>
public sealed class RegistryFormatTests
{
    [Theory]
    [InlineData(".jp2", ImageFormat.Jpeg2000)]
    [InlineData(".j2k", ImageFormat.Jpeg2000)]
    [InlineData(".tiff", ImageFormat.Tiff)]
    [InlineData(".ppm", ImageFormat.Netpbm)]
    public void A_colour_image_decodes_to_the_pixels_it_was_made_from(string extension, ImageFormat format)
    {
        using var source = Gradient(96, 80, MatType.CV_8UC3);

        using var image = ImageDecoder.Decode(Encode(extension));

        Assert.Equal(format, image.Format);
        Assert.Equal((96, 80), (image.Width, image.Height));
        Assert.True(MeanDifference(image.Bgr, source) < 2, $"{extension}: the decoded pixels differ from the source");
    }

    [Theory]
    [InlineData(".pgm", ImageFormat.Netpbm)]
    [InlineData(".tiff", ImageFormat.Tiff)]
    [InlineData(".jp2", ImageFormat.Jpeg2000)]
    [InlineData(".png", ImageFormat.Png)]
    public void A_greyscale_image_decodes_to_three_equal_channels(string extension, ImageFormat format)
    {
        using var grey = Gradient(100, 110, MatType.CV_8UC1);

        using var image = ImageDecoder.Decode(grey.ImEncode(extension));

        Assert.Equal(format, image.Format);
        Assert.Equal(3, image.Bgr.Channels());
        using var colour = grey.CvtColor(ColorConversionCodes.GRAY2BGR);
        Assert.True(MeanDifference(image.Bgr, colour) < 2, $"{extension}: the grey levels changed");
    }

    [Theory]
    [InlineData(".pgm")]
    [InlineData(".tiff")]
    [InlineData(".png")]
    public void A_16_bit_image_is_scaled_to_8_bits(string extension)
    {
        // A 16-bit scan keeps its tones: 257 * v in 16 bits is v in 8 bits.
        using var eight = Gradient(100, 110, MatType.CV_8UC1);
        using var sixteen = new Mat();
        eight.ConvertTo(sixteen, MatType.CV_16UC1, 257);

        using var image = ImageDecoder.Decode(sixteen.ImEncode(extension));

        Assert.Equal(MatType.CV_8UC3, image.Bgr.Type());
        using var colour = eight.CvtColor(ColorConversionCodes.GRAY2BGR);
        Assert.True(MeanDifference(image.Bgr, colour) < 2, $"{extension}: 16-bit tones were not scaled to 8 bits");
    }

    [Fact]
    public void A_jpeg2000_whose_header_declares_too_many_pixels_is_refused_without_decoding()
    {
        var jp2 = Encode(".jp2");
        var ihdr = jp2.AsSpan().IndexOf("ihdr"u8);
        BinaryPrimitives.WriteUInt32BigEndian(jp2.AsSpan(ihdr + 4), 60000);
        BinaryPrimitives.WriteUInt32BigEndian(jp2.AsSpan(ihdr + 8), 60000);
        DeclareCodestreamSize(jp2, 60000, 60000);

        DecoderAssert.RefusedQuickly(jp2, ImageError.TooManyPixels, "60000x60000");
    }

    [Fact]
    public void A_small_jp2_header_in_front_of_a_huge_codestream_is_refused()
    {
        // OpenJPEG allocates from the codestream's SIZ marker, whatever the 'ihdr' box says.
        var jp2 = Encode(".jp2");
        DeclareCodestreamSize(jp2, 50000, 50000);

        DecoderAssert.RefusedQuickly(jp2, ImageError.TooManyPixels, "50000x50000");
    }

    [Fact]
    public void A_bare_codestream_declaring_too_many_pixels_is_refused()
    {
        var j2k = Encode(".j2k");
        DeclareCodestreamSize(j2k, 70000, 1000);

        DecoderAssert.RefusedQuickly(j2k, ImageError.TooManyPixels, "70000x1000");
    }

    [Fact]
    public void A_jpeg2000_with_more_components_than_a_photo_is_refused()
    {
        var j2k = Encode(".j2k");
        var siz = j2k.AsSpan().IndexOf([(byte)0xFF, (byte)0x51]);
        BinaryPrimitives.WriteUInt16BigEndian(j2k.AsSpan(siz + 38), 16384);

        DecoderAssert.RefusedQuickly(j2k, ImageError.Corrupt, "16384 components");
    }

    [Fact]
    public void A_tiff_whose_header_declares_too_many_pixels_is_refused_without_decoding()
    {
        var tiff = Encode(".tiff");
        SetTiffTag(tiff, 256, 60000); // ImageWidth
        SetTiffTag(tiff, 257, 60000); // ImageLength

        DecoderAssert.RefusedQuickly(tiff, ImageError.TooManyPixels, "60000x60000");
    }

    [Fact]
    public void A_netpbm_whose_header_declares_too_many_pixels_is_refused()
    {
        byte[] pgm = [.. "P5\n60000 60000\n255\n"u8, .. new byte[4096]];

        DecoderAssert.RefusedQuickly(pgm, ImageError.TooManyPixels, "60000x60000");
    }

    [Theory]
    [InlineData(".jp2")]
    [InlineData(".j2k")]
    [InlineData(".tiff")]
    [InlineData(".pgm")]
    public void A_truncated_file_is_refused(string extension)
    {
        var whole = Encode(extension);

        var error = Assert.Throws<InvalidImageException>(() => ImageDecoder.Decode(whole[..(whole.Length * 2 / 3)]));

        Assert.True(error.Reason is ImageError.Truncated or ImageError.Corrupt, $"{extension}: {error.Reason}: {error.Message}");
    }

    [Fact]
    public void Registry_formats_can_be_turned_off()
    {
        var limits = new ImageLimits { AllowedFormats = new HashSet<ImageFormat> { ImageFormat.Jpeg, ImageFormat.Png } };

        var error = Assert.Throws<InvalidImageException>(() => ImageDecoder.Decode(Encode(".jp2"), limits));

        Assert.Equal(ImageError.UnsupportedFormat, error.Reason);
        Assert.Contains("Jpeg2000 images are not accepted", error.Message, StringComparison.Ordinal);
    }

    // SIZ: marker (2), Lsiz (2), Rsiz (2), then Xsiz and Ysiz; the origin offsets XOsiz and YOsiz are 0 in OpenCV's files.
    private static void DeclareCodestreamSize(byte[] data, uint width, uint height)
    {
        var siz = data.AsSpan().IndexOf([(byte)0xFF, (byte)0x4F, (byte)0xFF, (byte)0x51]) + 2;
        BinaryPrimitives.WriteUInt32BigEndian(data.AsSpan(siz + 6), width);
        BinaryPrimitives.WriteUInt32BigEndian(data.AsSpan(siz + 10), height);
    }

    // Walks the first IFD of a little-endian TIFF and overwrites one SHORT or LONG tag's value in place.
    private static void SetTiffTag(byte[] tiff, ushort tag, uint value)
    {
        Assert.Equal((byte)'I', tiff[0]);
        var ifd = (int)BinaryPrimitives.ReadUInt32LittleEndian(tiff.AsSpan(4));
        var count = BinaryPrimitives.ReadUInt16LittleEndian(tiff.AsSpan(ifd));
        for (var i = 0; i < count; i++)
        {
            var entry = tiff.AsSpan(ifd + 2 + (i * 12));
            if (BinaryPrimitives.ReadUInt16LittleEndian(entry) != tag)
            {
                continue;
            }

            if (BinaryPrimitives.ReadUInt16LittleEndian(entry[2..]) == 3)
            {
                BinaryPrimitives.WriteUInt16LittleEndian(entry[8..], checked((ushort)value));
            }
            else
            {
                BinaryPrimitives.WriteUInt32LittleEndian(entry[8..], value);
            }

            return;
        }

        Assert.Fail($"the TIFF has no tag {tag}");
    }

    // OpenCV writes JPEG 2000 only as JP2 boxes: a bare J2K codestream is the JP2's 'jp2c' box (the last one).
    private static byte[] Encode(string extension)
    {
        using var source = Gradient(96, 80, extension == ".pgm" ? MatType.CV_8UC1 : MatType.CV_8UC3);
        if (extension != ".j2k")
        {
            return source.ImEncode(extension);
        }

        var jp2 = source.ImEncode(".jp2");
        return jp2[(jp2.AsSpan().IndexOf("jp2c"u8) + 4)..];
    }

    // Smooth content: lossy encoders keep it, so a decoded image can be compared with its source.
    private static Mat Gradient(int width, int height, MatType type)
    {
        var mat = new Mat(height, width, type);
        var channels = mat.Channels();
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                for (var c = 0; c < channels; c++)
                {
                    var value = (byte)(((x * 2) + (y * (c + 1))) % 256);
                    if (channels == 1)
                    {
                        mat.Set(y, x, value);
                    }
                    else
                    {
                        mat.At<Vec3b>(y, x)[c] = value;
                    }
                }
            }
        }

        return mat;
    }

    private static double MeanDifference(Mat a, Mat b)
    {
        using var difference = new Mat();
        Cv2.Absdiff(a, b, difference);
        var mean = Cv2.Mean(difference);
        return Math.Max(mean.Val0, Math.Max(mean.Val1, mean.Val2));
    }
}
