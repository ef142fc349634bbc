using System.Buffers.Binary;
using CsCheck;
using EGov.Biometrics.Vision.Imaging;
using OpenCvSharp;

namespace EGov.Biometrics.Vision.Tests;

/// <summary>
/// Property-based fuzzing of the image decoder (issue 12, "keep the attack suite"): whatever bytes arrive, the
/// decoder answers with an image within its limits or an <see cref="InvalidImageException"/> naming the problem,
/// never another exception (which the server would report as INTERNAL) and never a crash. A few thousand inputs
/// run in the test suite; EGOV_FUZZ_SECONDS=N runs each property for N seconds instead (the long pass).
/// </summary>
public sealed class ImageDecoderFuzzTests
{
    private static readonly ImageLimits Limits = ImageLimits.Default with { MaxPixels = 1_000_000 };

    // Valid small images of every accepted format: mutations of these reach deep into each decoder.
    private static readonly byte[][] Seeds = [.. new[] { ".png", ".bmp", ".jpg", ".webp", ".jp2", ".tiff", ".pgm", ".ppm" }.Select(Encoded)];

    // Values that break header arithmetic: zero, signs, extremes, off-by-ones around powers of two.
    private static readonly int[] Extremes = [0, 1, -1, 2, 255, 256, 65535, 65536, int.MaxValue, int.MinValue, int.MinValue + 1, 0x7FFF, -0x8000];

    private static readonly Gen<byte[]> Mutated =
        Gen.Select(Gen.Int[0, Seeds.Length - 1], Gen.Select(Gen.Int[0, 400], Gen.Byte).Array[1, 12], Gen.Double[0.5, 1.0])
            .Select(t => Mutate(Seeds[t.Item1], t.Item2, t.Item3));

    private static readonly Gen<byte[]> HeaderFields =
        Gen.Select(Gen.Int[0, Seeds.Length - 1], Gen.Select(Gen.Int[0, 60], Gen.Int[0, Extremes.Length - 1]).Array[1, 4])
            .Select(t => WithFields(Seeds[t.Item1], t.Item2));

    // A JP2's headers run past byte 60 (the 'ihdr' box at 48, the codestream's SIZ marker near 90).
    private static readonly Gen<byte[]> Jpeg2000Fields =
        Gen.Select(Gen.Int[0, 140], Gen.Int[0, Extremes.Length - 1]).Array[1, 4].Select(fields => WithFields(Seeds[4], fields));

    [Fact]
    public void Random_bytes_are_decoded_or_refused_with_a_reason() =>
        Gen.Byte.Array[0, 4096].Sample(DecodesOrRefuses, iter: FuzzBudget.Iterations(3000), time: FuzzBudget.Seconds);

    [Fact]
    public void Mutated_images_of_every_format_are_decoded_or_refused_with_a_reason() =>
        Mutated.Sample(DecodesOrRefuses, iter: FuzzBudget.Iterations(3000), time: FuzzBudget.Seconds);

    [Fact]
    public void Extreme_header_fields_are_decoded_or_refused_with_a_reason() =>
        HeaderFields.Sample(DecodesOrRefuses, iter: FuzzBudget.Iterations(3000), time: FuzzBudget.Seconds);

    [Fact]
    public void Extreme_jpeg2000_header_fields_are_decoded_or_refused_with_a_reason() =>
        Jpeg2000Fields.Sample(DecodesOrRefuses, iter: FuzzBudget.Iterations(1500), time: FuzzBudget.Seconds);

    private static void DecodesOrRefuses(byte[] data)
    {
        try
        {
            using var image = ImageDecoder.Decode(data, Limits);
            Assert.InRange((long)image.Width * image.Height, 1, Limits.MaxPixels);
        }
        catch (InvalidImageException e)
        {
            Assert.False(string.IsNullOrWhiteSpace(e.Message));
        }
    }

    private static byte[] Mutate(byte[] seed, (int Position, byte Value)[] edits, double keep)
    {
        var data = seed.ToArray();
        foreach (var (position, value) in edits)
        {
            data[position % data.Length] = value;
        }

        return data[..Math.Max(1, (int)(data.Length * keep))];
    }

    private static byte[] WithFields(byte[] seed, (int Offset, int Extreme)[] fields)
    {
        var data = seed.ToArray();
        foreach (var (offset, extreme) in fields)
        {
            BinaryPrimitives.WriteInt32LittleEndian(data.AsSpan(offset), Extremes[extreme]);
        }

        return data;
    }

    private static byte[] Encoded(string extension)
    {
        using var image = new Mat(40, 48, extension == ".pgm" ? MatType.CV_8UC1 : MatType.CV_8UC3);
        Cv2.Randu(image, Scalar.All(0), Scalar.All(255));
        return image.ImEncode(extension);
    }
}

/// <summary>How long a fuzzing property runs: a fixed number of inputs in the suite, or EGOV_FUZZ_SECONDS seconds each.</summary>
internal static class FuzzBudget
{
    public static int Seconds { get; } = int.TryParse(Environment.GetEnvironmentVariable("EGOV_FUZZ_SECONDS"), out var s) && s > 0 ? s : -1;

    public static long Iterations(long inSuite) => Seconds > 0 ? -1 : inSuite;
}
