using EGov.Biometrics.Vision.Landmarks;
using OpenCvSharp;

namespace EGov.Biometrics.Vision.Quality;

/// <summary>Probability that each eye is open.</summary>
public readonly record struct EyeState(float LeftOpen, float RightOpen);

/// <summary>Classifies whether the eyes of a face are open.</summary>
public interface IEyeStateClassifier
{
    EyeState Classify(Mat bgr, FaceLandmarks landmarks);
}
