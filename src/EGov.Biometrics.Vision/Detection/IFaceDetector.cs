using OpenCvSharp;

namespace EGov.Biometrics.Vision.Detection;

/// <summary>Finds faces in a BGR image, most confident first.</summary>
public interface IFaceDetector
{
    IReadOnlyList<FaceDetection> Detect(Mat bgr);
}
