using EGov.Biometrics.Vision.Landmarks;
using OpenCvSharp;

namespace EGov.Biometrics.Vision.Quality;

/// <summary>Classifies whether the eyes of a face are open.</summary>
public interface IEyeStateClassifier
{
    /// <summary>How open each eye is.</summary>
    internal EyeState Classify(Mat bgr, FaceLandmarks landmarks);
}
