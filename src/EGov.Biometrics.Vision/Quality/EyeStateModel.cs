using System.Numerics;
using System.Numerics.Tensors;
using EGov.Biometrics.Vision.Imaging;
using EGov.Biometrics.Vision.Landmarks;
using EGov.Biometrics.Vision.Onnx;
using OpenCvSharp;

namespace EGov.Biometrics.Vision.Quality;

/// <summary>
/// Open/closed classifier on a 24x24 grey crop of each eye: a square 1.6 times the eye's width
/// (corner to corner) around the eyelid centre. The manifest records which output class is "open".
/// </summary>
public sealed class EyeStateModel : IEyeStateClassifier
{
    private const float Padding = 1.6f;
    private readonly OnnxModel _model;

    /// <summary>A classifier over the manifest's eye-state model.</summary>
    public EyeStateModel(OnnxModel model)
    {
        _model = model;
        OpenClass = model.Descriptor.ClassIndex("open");
    }

    /// <summary>The index of the model's open class.</summary>
    public int OpenClass { get; }

    /// <summary>How open each eye is.</summary>
    internal EyeState Classify(Mat bgr, FaceLandmarks landmarks)
    {
        var p = landmarks.Points68;
        return new EyeState(OpenProbability(bgr, landmarks.LeftEye, p[39].X - p[36].X), OpenProbability(bgr, landmarks.RightEye, p[45].X - p[42].X));
    }

    private float OpenProbability(Mat bgr, Vector2 centre, float eyeWidth)
    {
        var side = Math.Max(4, Math.Abs(eyeWidth) * Padding);
        using var patch = ImageTensor.CropResized(bgr, new FaceBox(centre.X - (side / 2), centre.Y - (side / 2), side, side), _model.InputSize);
        var probabilities = _model.Run(patch)[0];
        TensorPrimitives.SoftMax(probabilities, probabilities);
        return probabilities[OpenClass];
    }

    // The OpenCV side stays inside the project (InternalsVisibleTo): callers of the interface reach it here.
    EyeState IEyeStateClassifier.Classify(Mat bgr, FaceLandmarks landmarks) => Classify(bgr, landmarks);
}
