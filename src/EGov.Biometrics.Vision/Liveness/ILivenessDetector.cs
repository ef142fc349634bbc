using EGov.Biometrics.Vision.Imaging;
using OpenCvSharp;

namespace EGov.Biometrics.Vision.Liveness;

/// <summary>Scores how likely a face is a live person rather than a presentation attack (print, screen, mask).</summary>
public interface ILivenessDetector
{
    /// <returns>The probability of a live face, in [0, 1].</returns>
    internal float Score(Mat bgr, FaceBox face);
}
