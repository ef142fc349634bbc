using System.Numerics.Tensors;
using EGov.Biometrics.Vision.Imaging;
using EGov.Biometrics.Vision.Onnx;
using OpenCvSharp;

namespace EGov.Biometrics.Vision.Quality;

/// <summary>
/// HopeNet-style pose regression: each angle is the expectation over 66 bins of 3 degrees starting
/// at -99. The crop is the box widened by a quarter on every side.
/// </summary>
public sealed class HopeNetPoseEstimator : IHeadPoseEstimator
{
    // The 224x224 RGB input is 600 KB of floats: allocated per face it lands on the large-object heap and brings on
    // full collections under load, so each thread writes into one buffer of its own (ONNX Runtime only reads it).
    [ThreadStatic]
    private static float[]? t_input;

    private readonly OnnxModel _model;

    /// <summary>An estimator over the manifest's pose model.</summary>
    public HopeNetPoseEstimator(OnnxModel model) => _model = model;

    /// <summary>The head pose of the face in <paramref name="face"/>.</summary>
    internal HeadPose Estimate(Mat bgr, FaceBox face)
    {
        var crop = new FaceBox(face.X - (face.Width / 4), face.Y - (face.Height / 4), face.Width * 1.5f, face.Height * 1.5f);
        using var patch = ImageTensor.CropResized(bgr, crop, _model.InputSize);
        var input = t_input is { } buffer && buffer.Length == _model.InputLength ? buffer : t_input = new float[_model.InputLength];
        ImageTensor.Write(patch, _model.Descriptor.Preprocessing, input);
        var outputs = _model.Run(input);
        return new HeadPose(Angle(outputs[0]), Angle(outputs[1]), Angle(outputs[2]));
    }

    /// <summary>One angle from its 66 logits (softmax in place, then the expected bin).</summary>
    internal static float Angle(float[] logits)
    {
        TensorPrimitives.SoftMax(logits, logits);
        var expectation = 0f;
        for (var i = 0; i < logits.Length; i++)
        {
            expectation += logits[i] * i;
        }

        return (expectation * 3) - 99;
    }

    // The OpenCV side stays inside the project (InternalsVisibleTo): callers of the interface reach it here.
    HeadPose IHeadPoseEstimator.Estimate(Mat bgr, FaceBox face) => Estimate(bgr, face);
}
