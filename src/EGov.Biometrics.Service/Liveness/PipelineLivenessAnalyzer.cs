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
        LivenessFrame.RequireCount(frames);
        var scores = new float[frames.Count];
        for (var i = 0; i < frames.Count; i++)
        {
            using var decoded = LivenessFrame.Decode(frames[i], i, limits);
            scores[i] = detector.Assess(decoded.Bgr).Liveness;
        }

        return PresentationAttackDetector.OverFrames(scores);
    }
}
