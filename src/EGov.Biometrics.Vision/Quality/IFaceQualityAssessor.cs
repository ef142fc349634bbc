using EGov.Biometrics.Vision.Detection;
using EGov.Biometrics.Vision.Imaging;
using EGov.Biometrics.Vision.Landmarks;
using OpenCvSharp;

namespace EGov.Biometrics.Vision.Quality;

/// <summary>
/// Measures the quality of one detected face. <see cref="Assess"/> does it all; the edge splits it into the cheap
/// <see cref="Measure"/>, the pose model (<see cref="ModelPose"/>) for best-shot candidates only, and <see cref="Judge"/>.
/// </summary>
public interface IFaceQualityAssessor
{
    /// <param name="bgr">The whole image.</param>
    /// <param name="face">The detection.</param>
    /// <param name="landmarks">Its landmarks.</param>
    /// <param name="aligned">The aligned crop, where the image measures (sharpness, exposure, contrast) are taken.</param>
    /// <param name="pose">Where the head pose comes from.</param>
    internal QualityReport Assess(Mat bgr, FaceDetection face, FaceLandmarks landmarks, Mat aligned, PoseSource pose = PoseSource.Model);

    /// <summary>Every measure but the pose model's.</summary>
    internal QualityMeasures Measure(Mat bgr, FaceBox face, FaceLandmarks landmarks, Mat aligned);

    /// <summary>The pose model's head pose (one model run).</summary>
    internal HeadPose ModelPose(Mat bgr, FaceBox face);

    /// <summary>
    /// Detection boxes shorter than this (pixels) cannot pass the gates whatever their landmarks say, so a caller may
    /// skip landmarks for them.
    /// </summary>
    float MinFaceHeight { get; }

    /// <summary>Gates and the overall score of <paramref name="measures"/> with the head pose <paramref name="pose"/>.</summary>
    QualityReport Judge(QualityMeasures measures, HeadPose pose);
}
