using System.Numerics.Tensors;
using EGov.Biometrics.Vision.Imaging;
using EGov.Biometrics.Vision.Onnx;
using OpenCvSharp;

namespace EGov.Biometrics.Vision.Liveness;

/// <summary>
/// Passive liveness from one frame (a MiniFASNet-style classifier). It looks at the face with its
/// surroundings (<see cref="LivenessContext"/>), where screen edges and paper borders show. The manifest
/// records which output class is "live". Weak on its own (see docs/security.md): <see cref="PresentationAttackDetector"/>
/// combines it with screen and print cues.
/// </summary>
public sealed class MiniFasLivenessDetector : ILivenessDetector
{
    private readonly OnnxModel _model;
    private readonly float _cropScale;

    /// <summary>A detector over the manifest's liveness model.</summary>
    public MiniFasLivenessDetector(OnnxModel model)
    {
        _model = model;
        _cropScale = model.Descriptor.Preprocessing.CropScale ?? LivenessContext.Scale;
        LiveClass = model.Descriptor.ClassIndex("live");
    }

    /// <summary>The index of the model's live class.</summary>
    public int LiveClass { get; }

    /// <summary>The live probability, in [0, 1], of the face in <paramref name="face"/>, from its context crop.</summary>
    internal float Score(Mat bgr, FaceBox face)
    {
        using var patch = ImageTensor.CropResized(bgr, ContextCrop(face, bgr.Cols, bgr.Rows), _model.InputSize);
        return Live(patch);
    }

    /// <summary>Scores a context crop (any size; resampled to the model's input).</summary>
    internal float ScoreContext(Mat context)
    {
        if (context.Size() == _model.InputSize)
        {
            return Live(context);
        }

        using var patch = new Mat();
        Cv2.Resize(context, patch, _model.InputSize, 0, 0, InterpolationFlags.Area);
        return Live(patch);
    }

    internal FaceBox ContextCrop(FaceBox face, int imageWidth, int imageHeight) => LivenessContext.Region(face, imageWidth, imageHeight, _cropScale);

    private float Live(Mat patch)
    {
        var probabilities = _model.Run(patch)[0];
        TensorPrimitives.SoftMax(probabilities, probabilities);
        return probabilities[LiveClass];
    }

    // The OpenCV side stays inside the project (InternalsVisibleTo): callers of the interface reach it here.
    float ILivenessDetector.Score(Mat bgr, FaceBox face) => Score(bgr, face);
}
