using System.Numerics.Tensors;
using EGov.Biometrics.Vision.Imaging;
using EGov.Biometrics.Vision.Onnx;
using OpenCvSharp;

namespace EGov.Biometrics.Vision.Liveness;

/// <summary>
/// Passive liveness from one frame (a MiniFASNet-style classifier). It looks at the face with its
/// surroundings — a crop 2.7 times the box, kept inside the image — where screen edges and paper
/// borders show. The manifest records which output class is "live".
/// </summary>
public sealed class MiniFasLivenessDetector : ILivenessDetector
{
    private readonly OnnxModel _model;
    private readonly float _cropScale;

    public MiniFasLivenessDetector(OnnxModel model)
    {
        _model = model;
        _cropScale = model.Descriptor.Preprocessing.CropScale ?? 2.7f;
        LiveClass = model.Descriptor.ClassIndex("live");
    }

    public int LiveClass { get; }

    public float Score(Mat bgr, FaceBox face)
    {
        using var patch = ImageTensor.CropResized(bgr, ContextCrop(face, bgr.Cols, bgr.Rows), _model.InputSize);
        var probabilities = _model.Run(patch)[0];
        TensorPrimitives.SoftMax(probabilities, probabilities);
        return probabilities[LiveClass];
    }

    /// <summary>The box scaled up (at most as far as the image allows) and shifted to stay inside the image.</summary>
    internal FaceBox ContextCrop(FaceBox face, int imageWidth, int imageHeight)
    {
        var scale = Math.Min(_cropScale, Math.Min((imageHeight - 1) / face.Height, (imageWidth - 1) / face.Width));
        var (w, h) = (face.Width * scale, face.Height * scale);
        var x = Math.Clamp(face.CenterX - (w / 2), 0, Math.Max(0, imageWidth - 1 - w));
        var y = Math.Clamp(face.CenterY - (h / 2), 0, Math.Max(0, imageHeight - 1 - h));
        return new FaceBox(x, y, w, h);
    }
}
