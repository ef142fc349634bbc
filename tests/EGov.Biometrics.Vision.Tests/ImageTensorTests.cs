using EGov.Biometrics.Vision.Imaging;
using EGov.Biometrics.Vision.Models;
using OpenCvSharp;

namespace EGov.Biometrics.Vision.Tests;

/// <summary>
/// The tensor writer (OpenCV's plane split, then TensorPrimitives in vectors) gives exactly the floats of the per-pixel
/// formula, (pixel − mean) × scale, in every channel order, at widths that leave a tail and on a region that is not
/// continuous in memory.
/// </summary>
public sealed class ImageTensorTests
{
    public static TheoryData<string, int> Orders() => new()
    {
        { "RGB", 320 }, { "RGB", 17 }, { "RGB", 15 }, { "BGR", 64 }, { "BGR", 33 }, { "GRAY", 64 }, { "GRAY", 24 }, { "GRAY", 7 },
    };

    [Theory]
    [MemberData(nameof(Orders))]
    public void The_tensor_holds_exactly_the_per_pixel_formula(string order, int width)
    {
        var channels = order == "GRAY" ? 1 : 3;
        float[] mean = [123.675f, 116.28f, 103.53f], scale = [0.017125f, 0.017507f, 0.017429f];
        var preprocessing = new Preprocessing("NCHW", order, mean[..channels], scale[..channels]);
        using var whole = new Mat(9, width + 5, channels == 1 ? MatType.CV_8UC1 : MatType.CV_8UC3);
        Cv2.Randu(whole, Scalar.All(0), Scalar.All(256));
        using var image = new Mat(whole, new Rect(3, 1, width, 7)); // rows do not follow each other in memory

        var tensor = new float[channels * 7 * width];
        ImageTensor.Write(image, preprocessing, tensor);

        var plane = 7 * width;
        for (var y = 0; y < 7; y++)
        {
            for (var x = 0; x < width; x++)
            {
                for (var c = 0; c < channels; c++)
                {
                    var source = order == "RGB" ? 2 - c : c;
                    var pixel = channels == 1 ? image.At<byte>(y, x) : image.At<Vec3b>(y, x)[source];
                    var expected = (pixel - preprocessing.Mean[c]) * preprocessing.Scale[c];
                    Assert.Equal(BitConverter.SingleToInt32Bits(expected), BitConverter.SingleToInt32Bits(tensor[(c * plane) + (y * width) + x]));
                }
            }
        }
    }
}
