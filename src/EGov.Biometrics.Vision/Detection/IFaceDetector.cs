using OpenCvSharp;

namespace EGov.Biometrics.Vision.Detection;

/// <summary>Finds faces in a BGR image, most confident first.</summary>
public interface IFaceDetector
{
    /// <summary>The faces in a BGR image, in image pixels.</summary>
    internal IReadOnlyList<FaceDetection> Detect(Mat bgr);
}
