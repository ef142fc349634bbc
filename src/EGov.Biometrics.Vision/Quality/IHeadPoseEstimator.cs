using EGov.Biometrics.Vision.Imaging;
using OpenCvSharp;

namespace EGov.Biometrics.Vision.Quality;

/// <summary>Estimates head pose from a face box.</summary>
public interface IHeadPoseEstimator
{
    /// <summary>The head pose of the face in <paramref name="face"/>.</summary>
    internal HeadPose Estimate(Mat bgr, FaceBox face);
}
