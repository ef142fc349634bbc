using EGov.Biometrics.Vision.Imaging;
using OpenCvSharp;

namespace EGov.Biometrics.Vision.Landmarks;

/// <summary>Locates facial landmarks inside a detected face box.</summary>
public interface IFaceLandmarker
{
    FaceLandmarks Locate(Mat bgr, FaceBox face);
}
