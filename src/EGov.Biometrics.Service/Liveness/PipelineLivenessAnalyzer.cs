using EGov.Biometrics.Vision.Imaging;
using EGov.Biometrics.Vision.Liveness;

namespace EGov.Biometrics.Service.Liveness;

/// <summary>
/// <see cref="ILivenessAnalyzer"/> on the vision library's presentation-attack detector: each frame decoded under the
/// server's image limits, scored (MiniFAS with the screen and print cues), and the frames' scores combined by their median.
/// </summary>
public sealed class PipelineLivenessAnalyzer(PresentationAttackDetector detector, ImageLimits limits) : ILivenessAnalyzer
{
    public float ScoreFrames(IReadOnlyList<byte[]> frames)
    {
        ArgumentNullException.ThrowIfNull(frames);
        if (frames.Count > ILivenessAnalyzer.MaxFrames)
        {
            throw new ArgumentException($"A capture carries at most {ILivenessAnalyzer.MaxFrames} liveness frames, got {frames.Count}.");
        }

        var scores = new float[frames.Count];
        for (var i = 0; i < frames.Count; i++)
        {
            using var decoded = Decode(frames[i], i);
            if (decoded.Width != LivenessContext.Side || decoded.Height != LivenessContext.Side)
            {
                throw new ArgumentException($"Liveness frame {i + 1} must be {LivenessContext.Side}x{LivenessContext.Side}, got {decoded.Width}x{decoded.Height}.");
            }

            scores[i] = detector.Assess(decoded.Bgr).Liveness;
        }

        return PresentationAttackDetector.OverFrames(scores);
    }

    private DecodedImage Decode(byte[] frame, int index)
    {
        try
        {
            return ImageDecoder.Decode(frame, limits);
        }
        catch (InvalidImageException e)
        {
            throw new ArgumentException($"Liveness frame {index + 1} is not a usable image: {e.Message}", e);
        }
    }
}
