using EGov.Biometrics.Vision.Detection;
using EGov.Biometrics.Vision.Landmarks;
using OpenCvSharp;

namespace EGov.Biometrics.Vision.Quality;

/// <summary>Measures the quality of one detected face.</summary>
public interface IFaceQualityAssessor
{
    /// <param name="bgr">The whole image.</param>
    /// <param name="face">The detection.</param>
    /// <param name="landmarks">Its landmarks.</param>
    /// <param name="aligned">The aligned crop, where the image measures (sharpness, exposure, contrast) are taken.</param>
    QualityReport Assess(Mat bgr, FaceDetection face, FaceLandmarks landmarks, Mat aligned);
}
