using EGov.Biometrics.Server.Hosting;
using EGov.Biometrics.Vision.Imaging;
using OpenCvSharp;

namespace EGov.Biometrics.Server.Tests;

/// <summary>Registry formats are read from enrolment and verification photos, but a desk frame is PNG or JPEG only.</summary>
public sealed class DeskFrameFormatTests
{
    [Theory]
    [InlineData(".tiff")]
    [InlineData(".jp2")]
    [InlineData(".pgm")]
    public void A_registry_format_is_a_photo_but_never_a_desk_frame(string extension)
    {
        using var frame = new Mat(128, 128, extension == ".pgm" ? MatType.CV_8UC1 : MatType.CV_8UC3, Scalar.All(90));
        var bytes = frame.ImEncode(extension);

        using (ImageDecoder.Decode(bytes, ServerHost.ServerImageLimits))
        {
        }

        var refused = Assert.Throws<InvalidImageException>(() => ImageDecoder.Decode(bytes, ServerHost.DeskFrameLimits));
        Assert.Equal(ImageError.UnsupportedFormat, refused.Reason);
    }
}
