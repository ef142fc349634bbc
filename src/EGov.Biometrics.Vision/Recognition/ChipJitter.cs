using System.Numerics.Tensors;
using OpenCvSharp;

namespace EGov.Biometrics.Vision.Recognition;

/// <summary>
/// dlib's face-chip jitter, as its <c>jitter_image</c> describes it: the chip's inner square (3 pixels in from each
/// edge) is re-cropped shifted by up to ±2 % of its side, zoomed so the face fills 97–100 % of it, rolled by up to ±3°,
/// resampled to the chip's size and mirrored half of the time.
/// </summary>
internal static class ChipJitter
{
    /// <summary>Changes whenever the perturbations change, so that cached jittered encodings are made again.</summary>
    public const int Version = 2;

    private const double MaxRollDegrees = 3;
    private const double MinFill = 0.97;
    private const double MaxFill = 0.99999;
    private const double MaxShift = 0.02;
    private const int Inset = 3;

    /// <summary>
    /// The mean of <paramref name="encode"/> over <paramref name="count"/> jittered copies of <paramref name="chip"/>, the
    /// perturbations seeded the same on every call; a count of 1 encodes the chip itself.
    /// </summary>
    public static float[] Mean(Mat chip, int count, Func<Mat, float[]> encode)
    {
        if (count == 1)
        {
            return encode(chip);
        }

        var random = new Random(0);
        float[]? sum = null;
        for (var j = 0; j < count; j++)
        {
            using var jittered = Apply(chip, random);
            var encoding = encode(jittered);
            sum ??= new float[encoding.Length];
            TensorPrimitives.Add(sum, encoding, sum);
        }

        TensorPrimitives.Divide(sum!, count, sum);
        return sum!;
    }

    /// <summary>One jittered copy of a square chip, its perturbation drawn from <paramref name="random"/>.</summary>
    public static Mat Apply(Mat chip, Random random)
    {
        if (chip.Rows != chip.Cols || chip.Rows <= 2 * Inset)
        {
            throw new ArgumentException($"A face chip to jitter is square and larger than {2 * Inset} pixels, got {chip.Cols}x{chip.Rows}.", nameof(chip));
        }

        var inner = chip.Rows - (2 * Inset);
        var shift = new Point2d(Between(random, -MaxShift, MaxShift) * inner, Between(random, -MaxShift, MaxShift) * inner);
        var box = inner / Between(random, MinFill, MaxFill);
        var roll = Between(random, -MaxRollDegrees, MaxRollDegrees);

        // The crop's centre goes to the chip's centre, scaled so that the box spans the chip, turned by the roll.
        var centre = new Point2f((float)((chip.Cols / 2.0) + shift.X), (float)((chip.Rows / 2.0) + shift.Y));
        using var transform = Cv2.GetRotationMatrix2D(centre, roll, chip.Rows / box);
        transform.Set(0, 2, transform.At<double>(0, 2) + (chip.Cols / 2.0) - centre.X);
        transform.Set(1, 2, transform.At<double>(1, 2) + (chip.Rows / 2.0) - centre.Y);
        var jittered = new Mat();
        Cv2.WarpAffine(chip, jittered, transform, chip.Size(), InterpolationFlags.Linear, BorderTypes.Constant, Scalar.Black);
        if (random.NextDouble() > 0.5)
        {
            Cv2.Flip(jittered, jittered, FlipMode.Y);
        }

        return jittered;
    }

    private static double Between(Random random, double low, double high) => low + (random.NextDouble() * (high - low));
}
