using System.Buffers.Binary;
using EGov.Biometrics.Vision.Imaging;
using OpenCvSharp;

namespace EGov.Biometrics.Vision.Tests;

/// <summary>BMP header oddities are the sender's invalid data, named field by field (issue 12: height -2^31 gave INTERNAL).</summary>
public sealed class BmpHeaderTests
{
    [Theory]
    [InlineData(22, int.MinValue, "height is -2147483648")]
    [InlineData(22, 0, "height is 0")]
    [InlineData(18, 0, "width is 0")]
    [InlineData(18, -64, "width is -64")]
    [InlineData(14, 1000, "info header size 1000")]
    [InlineData(10, 1 << 30, "pixel data offset 1073741824")]
    public void An_odd_32_bit_field_is_refused_naming_it(int offset, int value, string named)
    {
        var bmp = Bmp();
        BinaryPrimitives.WriteInt32LittleEndian(bmp.AsSpan(offset), value);
        AssertRefused(bmp, named);
    }

    [Theory]
    [InlineData(26, 0, "0 colour planes")]
    [InlineData(28, 7, "bit depth 7")]
    [InlineData(30, 99, "compression 99")]
    public void An_odd_16_bit_field_or_compression_is_refused_naming_it(int offset, ushort value, string named)
    {
        var bmp = Bmp();
        if (offset == 30)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(bmp.AsSpan(offset), value);
        }
        else
        {
            BinaryPrimitives.WriteUInt16LittleEndian(bmp.AsSpan(offset), value);
        }

        AssertRefused(bmp, named);
    }

    [Fact]
    public void A_top_down_bmp_with_a_negative_height_still_decodes()
    {
        var bmp = Bmp();
        BinaryPrimitives.WriteInt32LittleEndian(bmp.AsSpan(22), -40);
        using var image = ImageDecoder.Decode(bmp);
        Assert.Equal((48, 40), (image.Width, image.Height));
    }

    private static void AssertRefused(byte[] bmp, string named)
    {
        var error = Assert.Throws<InvalidImageException>(() => ImageDecoder.Decode(bmp));
        Assert.Equal(ImageError.Corrupt, error.Reason);
        Assert.Contains("BMP header is invalid", error.Message, StringComparison.Ordinal);
        Assert.Contains(named, error.Message, StringComparison.Ordinal);
    }

    // A 48x40 24-bit BMP with a BITMAPINFOHEADER: file header 14 bytes, info header 40, then the pixels.
    private static byte[] Bmp()
    {
        using var image = new Mat(40, 48, MatType.CV_8UC3, Scalar.All(128));
        var bmp = image.ImEncode(".bmp");
        Assert.Equal(40, BinaryPrimitives.ReadInt32LittleEndian(bmp.AsSpan(14)));
        return bmp;
    }
}
