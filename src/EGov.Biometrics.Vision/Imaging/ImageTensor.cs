using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
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

        fixed (float* tensor = destination)
        {
            for (var y = 0; y < rows; y++)
            {
                var row = (byte*)image.Ptr(y);
                var offset = y * cols;
                var x = channels == 1
                    ? WriteGreyVectors(row, cols, mean[0], scale[0], tensor + offset)
                    : WriteColourVectors(row, cols, source, mean, scale, tensor + offset, plane);
                for (; x < cols; x++)
                {
                    var pixel = row + (x * channels);
                    for (var c = 0; c < channels; c++)
                    {
                        tensor[(c * plane) + offset + x] = (pixel[source[c]] - mean[c]) * scale[c];
                    }
                }
            }
        }
    }

    // 16 pixels at a time; the same subtraction and multiplication per value as the scalar loop, so the same floats.
    // Returns the first column left for that loop. Optimised from the first call: unoptimised vector code is slower
    // than the scalar loop, and a short run (a benchmark's first stage) would measure that.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe int WriteGreyVectors(byte* row, int cols, float mean, float scale, float* plane)
    {
        var x = 0;
        for (; x + 16 <= cols; x += 16)
        {
            StoreSixteen(Vector128.Load(row + x), mean, scale, plane + x);
        }

        return x;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe int WriteColourVectors(
        byte* row, int cols, ReadOnlySpan<int> source, ReadOnlySpan<float> mean, ReadOnlySpan<float> scale, float* tensor, int plane)
    {
        var (plane0, plane1, plane2) = (ChannelShuffles(source[0]), ChannelShuffles(source[1]), ChannelShuffles(source[2]));
        var x = 0;
        for (; x + 16 <= cols; x += 16)
        {
            // 48 bytes of BGR; each plane's shuffles take its channel's bytes from one of the three loads, zero elsewhere.
            var pixels = row + (x * 3);
            var loads = (Vector128.Load(pixels), Vector128.Load(pixels + 16), Vector128.Load(pixels + 32));
            StoreSixteen(Channel(loads, plane0), mean[0], scale[0], tensor + x);
            StoreSixteen(Channel(loads, plane1), mean[1], scale[1], tensor + plane + x);
            StoreSixteen(Channel(loads, plane2), mean[2], scale[2], tensor + (2 * plane) + x);
        }

        return x;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<byte> Channel(
        (Vector128<byte> First, Vector128<byte> Second, Vector128<byte> Third) loads,
        (Vector128<byte> First, Vector128<byte> Second, Vector128<byte> Third) shuffles) =>
        Vector128.Shuffle(loads.First, shuffles.First) | Vector128.Shuffle(loads.Second, shuffles.Second) | Vector128.Shuffle(loads.Third, shuffles.Third);

    // For source channel c (index 0–2): lane i of the result is byte 3i + c of the 48, found in load (3i + c) / 16.
    // An index of 255 is out of range, which Vector128.Shuffle turns into zero. ImageTensorTests checks every lane.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static (Vector128<byte> First, Vector128<byte> Second, Vector128<byte> Third) ChannelShuffles(int c) => c switch
    {
        0 => (Vector128.Create((byte)0, 3, 6, 9, 12, 15, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255),
              Vector128.Create((byte)255, 255, 255, 255, 255, 255, 2, 5, 8, 11, 14, 255, 255, 255, 255, 255),
              Vector128.Create((byte)255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 1, 4, 7, 10, 13)),
        1 => (Vector128.Create((byte)1, 4, 7, 10, 13, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255),
              Vector128.Create((byte)255, 255, 255, 255, 255, 0, 3, 6, 9, 12, 15, 255, 255, 255, 255, 255),
              Vector128.Create((byte)255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 2, 5, 8, 11, 14)),
        _ => (Vector128.Create((byte)2, 5, 8, 11, 14, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255),
              Vector128.Create((byte)255, 255, 255, 255, 255, 1, 4, 7, 10, 13, 255, 255, 255, 255, 255, 255),
              Vector128.Create((byte)255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 0, 3, 6, 9, 12, 15)),
    };

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void StoreSixteen(Vector128<byte> values, float mean, float scale, float* destination)
    {
        var (mean4, scale4) = (Vector128.Create(mean), Vector128.Create(scale));
        var (low, high) = Vector128.Widen(values);
        var (first, second) = Vector128.Widen(low);
        var (third, fourth) = Vector128.Widen(high);
        ((Vector128.ConvertToSingle(first.AsInt32()) - mean4) * scale4).Store(destination);
        ((Vector128.ConvertToSingle(second.AsInt32()) - mean4) * scale4).Store(destination + 4);
        ((Vector128.ConvertToSingle(third.AsInt32()) - mean4) * scale4).Store(destination + 8);
        ((Vector128.ConvertToSingle(fourth.AsInt32()) - mean4) * scale4).Store(destination + 12);
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
