using System.Numerics;
using EGov.Biometrics.Vision.Imaging;
using EGov.Biometrics.Vision.Onnx;
using OpenCvSharp;

namespace EGov.Biometrics.Vision.Landmarks;

/// <summary>
/// 68-point landmark regressor on a 64x64 grey crop. The crop is the square of side equal to the box
/// height centred on the box, the framing the model was trained on; it outputs points in [0, 1] of the crop.
/// </summary>
public sealed class Landmark68Model : IFaceLandmarker
{
    private readonly OnnxModel _model;

    /// <summary>A landmarker over the manifest's 68-point model.</summary>
    public Landmark68Model(OnnxModel model) => _model = model;

    /// <summary>The 68 landmarks of the face in <paramref name="face"/>, in image pixels.</summary>
    internal FaceLandmarks Locate(Mat bgr, FaceBox face)
    {
        var crop = face.SquareAround(face.Height);
        using var patch = ImageTensor.CropResized(bgr, crop, _model.InputSize);
        var output = _model.Run(patch)[0];
        var points = new Vector2[68];
        for (var i = 0; i < points.Length; i++)
        {
            points[i] = new Vector2(crop.X + (output[2 * i] * crop.Width), crop.Y + (output[(2 * i) + 1] * crop.Height));
        }

        return new FaceLandmarks(points);
    }

    // The OpenCV side stays inside the project (InternalsVisibleTo): callers of the interface reach it here.
    FaceLandmarks IFaceLandmarker.Locate(Mat bgr, FaceBox face) => Locate(bgr, face);
}
