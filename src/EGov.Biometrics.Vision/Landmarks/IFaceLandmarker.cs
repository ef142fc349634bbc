using EGov.Biometrics.Vision.Imaging;
using OpenCvSharp;

namespace EGov.Biometrics.Vision.Landmarks;

/// <summary>Locates facial landmarks inside a detected face box.</summary>
public interface IFaceLandmarker
{
    /// <summary>The 68 landmarks of the face in <paramref name="face"/>.</summary>
    internal FaceLandmarks Locate(Mat bgr, FaceBox face);
}
