using EGov.Biometrics.Vision.Imaging;

namespace EGov.Biometrics.Vision.Tests;

/// <summary>The library's plain image type: BGR bytes with width, height and stride, checked on the way in.</summary>
public sealed class FaceImageTests
{
    [Fact]
    public void Pixels_survive_a_round_trip_through_PNG_with_a_padded_stride()
    {
        // 3x2 pixels in rows of 12 bytes (3 bytes of padding each), every pixel distinct.
        var bgr = new byte[24];
        for (var y = 0; y < 2; y++)
        {
            for (var x = 0; x < 9; x++)
            {
                bgr[(y * 12) + x] = (byte)((y * 40) + (x * 3) + 1);
            }
        }

        var image = new FaceImage(bgr, 3, 2, 12);

        var decoded = FaceImage.Decode(image.ToPng(), ImageLimits.Default with { MinSide = 1 });

        Assert.Equal((3, 2, 9), (decoded.Width, decoded.Height, decoded.Stride));
        for (var y = 0; y < 2; y++)
        {
            Assert.Equal(bgr.AsSpan(y * 12, 9).ToArray(), decoded.Bgr.Span.Slice(y * 9, 9).ToArray());
        }
    }

    [Fact]
    public void A_stride_shorter_than_a_row_is_refused()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new FaceImage(new byte[100], 10, 2, 29));

        Assert.Contains("at least 30 bytes", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_buffer_too_short_for_its_size_is_refused_naming_both_lengths()
    {
        var error = Assert.Throws<ArgumentException>(() => new FaceImage(new byte[59], 10, 2, 30));

        Assert.Contains("needs 60 bytes, got 59", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Bytes_that_are_no_image_are_refused_with_the_reason()
    {
        var error = Assert.Throws<InvalidImageException>(() => FaceImage.Decode("these are not pixels"u8.ToArray()));

        Assert.Equal(ImageError.UnsupportedFormat, error.Reason);
    }
}
