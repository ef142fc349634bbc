using EGov.Biometrics.Vision.Models;
using OpenCvSharp;

namespace EGov.Biometrics.Vision.Imaging;

/// <summary>Writes an 8-bit image into a planar (NCHW) float tensor with the model's channel order, mean and scale.</summary>
public static class ImageTensor
{
    /// <summary>Writes <paramref name="image"/> into <paramref name="destination"/>, one plane per channel.</summary>
    /// <param name="image">BGR (3 channels) for RGB/BGR models, or 1-channel grey for GRAY models; already at the model's input size.</param>
    /// <param name="preprocessing">The model's channel order, mean and scale.</param>
    /// <param name="destination">At least channels × rows × columns values.</param>
    internal static unsafe void Write(Mat image, Preprocessing preprocessing, Span<float> destination)
    {
        var channels = preprocessing.Channels == "GRAY" ? 1 : 3;
        if (image.Channels() != channels || image.Depth() != MatType.CV_8U)
        {
            throw new ArgumentException($"Expected an 8-bit {channels}-channel image, got {image.Type()}.", nameof(image));
        }

        var (rows, cols) = (image.Rows, image.Cols);
        var plane = rows * cols;
        if (destination.Length < plane * channels)
        {
            throw new ArgumentException($"The tensor holds {destination.Length} values; the image needs {plane * channels}.", nameof(destination));
        }

        // Source channel feeding each tensor plane: OpenCV stores BGR, so RGB reverses the order.
        Span<int> source = stackalloc int[channels];
        Span<float> mean = stackalloc float[channels];
        Span<float> scale = stackalloc float[channels];
        for (var c = 0; c < channels; c++)
        {
            source[c] = preprocessing.Channels == "RGB" ? 2 - c : c;
            mean[c] = preprocessing.Mean[c];
            scale[c] = preprocessing.Scale[c];
        }

        for (var y = 0; y < rows; y++)
        {
            var row = (byte*)image.Ptr(y);
            var offset = y * cols;
            for (var x = 0; x < cols; x++)
            {
                var pixel = row + (x * channels);
                for (var c = 0; c < channels; c++)
                {
                    destination[(c * plane) + offset + x] = (pixel[source[c]] - mean[c]) * scale[c];
                }
            }
        }
    }

    /// <summary>Maps <paramref name="region"/> of <paramref name="image"/> onto a <paramref name="size"/> image; parts outside the image are black.</summary>
    internal static Mat CropResized(Mat image, FaceBox region, Size size)
    {
        var wanted = new Rect(
            (int)MathF.Round(region.X), (int)MathF.Round(region.Y),
            Math.Max(1, (int)MathF.Round(region.Width)), Math.Max(1, (int)MathF.Round(region.Height)));
        var inside = wanted.Intersect(new Rect(0, 0, image.Cols, image.Rows));
        using var padded = new Mat();
        if (inside.Width <= 0 || inside.Height <= 0)
        {
            return new Mat(size, image.Type(), Scalar.Black);
        }

        using var roi = new Mat(image, inside);
        var source = roi;
        if (inside != wanted)
        {
            Cv2.CopyMakeBorder(
                roi, padded, inside.Y - wanted.Y, wanted.Bottom - inside.Bottom, inside.X - wanted.X, wanted.Right - inside.Right,
                BorderTypes.Constant, Scalar.Black);
            source = padded;
        }

        // Inside the image the region is resized where it lies: no copy of it first.
        var result = new Mat();
        var shrinking = wanted.Width > size.Width || wanted.Height > size.Height;
        Cv2.Resize(source, result, size, 0, 0, shrinking ? InterpolationFlags.Area : InterpolationFlags.Linear);
        return result;
    }
}
