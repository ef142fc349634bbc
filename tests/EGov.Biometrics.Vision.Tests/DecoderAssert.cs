using System.Diagnostics;
using EGov.Biometrics.Vision.Imaging;

namespace EGov.Biometrics.Vision.Tests;

/// <summary>Refusals of crafted images: the reason, the message naming the problem, and no time spent decoding.</summary>
internal static class DecoderAssert
{
    public static void RefusedQuickly(byte[] data, ImageError reason, string messagePart, ImageLimits? limits = null)
    {
        var clock = Stopwatch.StartNew();
        var error = Assert.Throws<InvalidImageException>(() => ImageDecoder.Decode(data, limits).Dispose());
        clock.Stop();

        Assert.True(error.Reason == reason, $"{error.Reason}: {error.Message}");
        Assert.Contains(messagePart, error.Message, StringComparison.Ordinal);

        // Reading headers takes microseconds; each of these images took the decoder seconds or gigabytes.
        Assert.True(clock.ElapsedMilliseconds < 1000, $"refusing took {clock.ElapsedMilliseconds} ms: it decoded");
    }
}
