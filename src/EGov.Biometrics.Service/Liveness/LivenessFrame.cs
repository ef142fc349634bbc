using EGov.Biometrics.Vision.Imaging;
using EGov.Biometrics.Vision.Liveness;

namespace EGov.Biometrics.Service.Liveness;

/// <summary>One context crop of a desk capture, decoded under the server's image limits and checked to be the size the agent must send.</summary>
internal static class LivenessFrame
{
    /// <summary>Refuses more frames than a capture may carry.</summary>
    public static void RequireCount(IReadOnlyList<byte[]> frames)
    {
        ArgumentNullException.ThrowIfNull(frames);
        if (frames.Count > ILivenessAnalyzer.MaxFrames)
        {
            throw new ArgumentException($"A capture carries at most {ILivenessAnalyzer.MaxFrames} liveness frames, got {frames.Count}.");
        }
    }

    /// <summary>Frame <paramref name="index"/> (0-based) decoded; the caller disposes it.</summary>
    public static DecodedImage Decode(byte[] frame, int index, ImageLimits limits)
    {
        DecodedImage decoded;
        try
        {
            decoded = ImageDecoder.Decode(frame, limits);
        }
        catch (InvalidImageException e)
        {
            throw new ArgumentException($"Liveness frame {index + 1} is not a usable image: {e.Message}", e);
        }

        if (decoded.Width != LivenessContext.Side || decoded.Height != LivenessContext.Side)
        {
            decoded.Dispose();
            throw new ArgumentException($"Liveness frame {index + 1} must be {LivenessContext.Side}x{LivenessContext.Side}, got {decoded.Width}x{decoded.Height}.");
        }

        return decoded;
    }
}
