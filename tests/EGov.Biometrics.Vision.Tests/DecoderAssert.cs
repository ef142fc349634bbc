using System.Diagnostics;
using EGov.Biometrics.Vision.Imaging;

namespace EGov.Biometrics.Vision.Tests;

/// <summary>Refusals of crafted images: the reason, the message naming the problem, and no time spent decoding.</summary>
internal static class DecoderAssert
{
    public static void RefusedQuickly(byte[] data, ImageError reason, string messagePart, ImageLimits? limits = null)
    {
        // The fastest of three: one refusal can lose a second to a pause on a loaded machine; a decode loses it every time.
        var fastest = TimeSpan.MaxValue;
        for (var attempt = 0; attempt < 3; attempt++)
        {
            var clock = Stopwatch.StartNew();
            var error = Assert.Throws<InvalidImageException>(() => ImageDecoder.Decode(data, limits).Dispose());
            fastest = TimeSpan.FromTicks(Math.Min(fastest.Ticks, clock.Elapsed.Ticks));

            Assert.True(error.Reason == reason, $"{error.Reason}: {error.Message}");
            Assert.Contains(messagePart, error.Message, StringComparison.Ordinal);
        }

        // Reading headers takes microseconds; each of these images took the decoder seconds or gigabytes.
        Assert.True(fastest < TimeSpan.FromSeconds(1), $"refusing took {fastest.TotalMilliseconds:F0} ms: it decoded");
    }
}
