using System.Buffers.Binary;
using System.IO.Hashing;
using EGov.Biometrics.Vision.Imaging;
using OpenCvSharp;

namespace EGov.Biometrics.Vision.Tests;

[Collection(VisionCollection.Name)]
public sealed class ImageDecoderTests(VisionFixture vision)
{
    [Fact]
    public void Decodes_a_jpeg_photo()
    {
        using var image = ImageDecoder.Decode(vision.SampleBytes(1));

        Assert.Equal(ImageFormat.Jpeg, image.Format);
        Assert.Equal((1920, 1280), (image.Width, image.Height));
        Assert.Equal(3, image.Bgr.Channels());
    }

    [Theory]
    [InlineData(".png", ImageFormat.Png)]
    [InlineData(".bmp", ImageFormat.Bmp)]
    [InlineData(".webp", ImageFormat.WebP)]
    public void Decodes_every_supported_format(string extension, ImageFormat format)
    {
        using var image = ImageDecoder.Decode(Encode(Pattern(96, 64), extension));

        Assert.Equal(format, image.Format);
        Assert.Equal((96, 64), (image.Width, image.Height));
    }

    [Fact]
    public void Empty_input_is_refused() => AssertRefused([], ImageError.Empty, "empty");

    [Fact]
    public void Oversized_input_is_refused_before_decoding() =>
        AssertRefused(vision.SampleBytes(1), ImageError.TooLarge, "at most 1000 bytes", new ImageLimits { MaxEncodedBytes = 1000 });

    [Theory]
    [InlineData("GIF89a\x01\x00\x01\x00\x80\x00\x00")]
    [InlineData("hello, this is not an image at all")]
    [InlineData("%PDF-1.7\n1 0 obj")]
    public void Unknown_or_unsupported_formats_are_refused(string content) =>
        AssertRefused(System.Text.Encoding.ASCII.GetBytes(content), ImageError.UnsupportedFormat, "not");

    [Fact]
    public void A_format_outside_the_allowed_set_is_refused() =>
        AssertRefused(Encode(Pattern(64, 64), ".bmp"), ImageError.UnsupportedFormat, "Bmp images are not accepted",
            new ImageLimits { AllowedFormats = new HashSet<ImageFormat> { ImageFormat.Jpeg } });

    [Fact]
    public void A_decompression_bomb_is_refused_from_its_header()
    {
        // A valid 64x64 PNG whose header claims 60000x60000 pixels.
        var png = Encode(Pattern(64, 64), ".png");
        BinaryPrimitives.WriteInt32BigEndian(png.AsSpan(16), 60000);
        BinaryPrimitives.WriteInt32BigEndian(png.AsSpan(20), 60000);
        BinaryPrimitives.WriteUInt32BigEndian(png.AsSpan(29), Crc32.HashToUInt32(png.AsSpan(12, 17)));

        AssertRefused(png, ImageError.TooManyPixels, "60000x60000");
    }

    [Fact]
    public void A_tiny_image_is_refused() => AssertRefused(Encode(Pattern(16, 16), ".png"), ImageError.TooSmall, "16x16");

    [Theory]
    [InlineData(0.5)]
    [InlineData(0.9)]
    [InlineData(0.999)]
    public void A_truncated_jpeg_is_refused(double keep)
    {
        var jpeg = vision.SampleBytes(2);

        AssertRefused(jpeg[..(int)(jpeg.Length * keep)], ImageError.Truncated, "truncated");
    }

    [Fact]
    public void A_truncated_png_is_refused()
    {
        var png = Encode(Pattern(128, 128), ".png");

        AssertRefused(png[..(png.Length - 20)], ImageError.Truncated, "truncated");
    }

    [Fact]
    public void A_jpeg_with_a_broken_header_is_refused()
    {
        byte[] broken = [0xFF, 0xD8, 0xFF, 0xC0, 0x00, 0x03, 0x08, 0xFF, 0xD9, .. new byte[64]];

        Assert.Throws<InvalidImageException>(() => ImageDecoder.Decode(broken));
    }

    [Fact]
    public void A_png_with_corrupt_pixel_data_is_refused()
    {
        var png = Encode(Pattern(128, 128), ".png");
        var idat = png.AsSpan().IndexOf("IDAT"u8.ToArray());
        for (var i = idat + 8; i < idat + 40; i++)
        {
            png[i] ^= 0x5A;
        }

        AssertRefused(png, ImageError.Corrupt, "could not be decoded");
    }

    [Fact]
    public void Exif_orientation_is_applied()
    {
        // 64x32, left half black, right half white, tagged "rotate 90° clockwise" (orientation 6).
        using var source = new Mat(32, 64, MatType.CV_8UC3, Scalar.Black);
        source[new Rect(32, 0, 32, 32)].SetTo(Scalar.White);
        var jpeg = WithExifOrientation(Encode(source, ".jpg"), 6);

        using var image = ImageDecoder.Decode(jpeg);

        Assert.Equal((32, 64), (image.Width, image.Height));
        Assert.True(image.Bgr.At<Vec3b>(56, 16).Item0 > 200, "the white half must be at the bottom after rotation");
        Assert.True(image.Bgr.At<Vec3b>(8, 16).Item0 < 50, "the black half must be at the top after rotation");
    }

    [Fact]
    public void Decoding_a_missing_file_names_it()
    {
        var error = Assert.Throws<FileNotFoundException>(() => ImageDecoder.DecodeFile("/nonexistent/face.jpg"));
        Assert.Contains("face.jpg", error.Message, StringComparison.Ordinal);
    }

    private static void AssertRefused(byte[] data, ImageError reason, string messagePart, ImageLimits? limits = null)
    {
        var error = Assert.Throws<InvalidImageException>(() => ImageDecoder.Decode(data, limits));
        Assert.Equal(reason, error.Reason);
        Assert.Contains(messagePart, error.Message, StringComparison.OrdinalIgnoreCase);
    }

    private static Mat Pattern(int width, int height)
    {
        var mat = new Mat(height, width, MatType.CV_8UC3);
        Cv2.Randu(mat, Scalar.All(0), Scalar.All(255));
        return mat;
    }

    private static byte[] Encode(Mat image, string extension)
    {
        using (image)
        {
            return image.ImEncode(extension);
        }
    }

    /// <summary>Inserts a minimal EXIF APP1 segment (big-endian TIFF, one Orientation entry) after SOI.</summary>
    private static byte[] WithExifOrientation(byte[] jpeg, ushort orientation)
    {
        byte[] tiff = [(byte)'M', (byte)'M', 0, 42, 0, 0, 0, 8, 0, 1, 0x01, 0x12, 0, 3, 0, 0, 0, 1, (byte)(orientation >> 8), (byte)orientation, 0, 0, 0, 0, 0, 0];
        byte[] header = [.. "Exif"u8, 0, 0];
        var length = 2 + header.Length + tiff.Length;
        byte[] app1 = [0xFF, 0xE1, (byte)(length >> 8), (byte)length, .. header, .. tiff];
        return [.. jpeg[..2], .. app1, .. jpeg[2..]];
    }
}
