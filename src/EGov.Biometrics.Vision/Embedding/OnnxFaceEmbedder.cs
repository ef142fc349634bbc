using System.Numerics.Tensors;
using EGov.Biometrics.Vision.Alignment;
using EGov.Biometrics.Vision.Imaging;
using EGov.Biometrics.Vision.Onnx;
using OpenCvSharp;

namespace EGov.Biometrics.Vision.Embedding;

/// <summary>An ONNX face embedder: crops aligned to the manifest's template, preprocessed as the manifest says; the output is L2-normalised here.</summary>
public sealed class OnnxFaceEmbedder : IFaceEmbedder
{
    private readonly OnnxModel _model;

    /// <summary>An embedder over a manifest model with an alignment template and a calibration.</summary>
    public OnnxFaceEmbedder(OnnxModel model)
    {
        _model = model;
        var descriptor = model.Descriptor;
        Template = descriptor.Template is { } spec ? AlignmentTemplate.FromSpec(spec) : AlignmentTemplate.ArcFace112;
        Calibration = new FmrCalibration(descriptor.Calibration
            ?? throw new InvalidDataException($"{descriptor.Id} has no calibration in the manifest."));
    }

    /// <summary>The manifest id of the model.</summary>
    public string ModelId => _model.Descriptor.Id;

    /// <summary>The model's version.</summary>
    public string ModelVersion => _model.Descriptor.Version;

    /// <summary>Where the model expects the five landmarks.</summary>
    public AlignmentTemplate Template { get; }

    /// <summary>Thresholds by false-match rate.</summary>
    public FmrCalibration Calibration { get; }

    /// <summary>The L2-normalised embedding of a BGR crop aligned to <see cref="Template"/>.</summary>
    internal FaceEmbedding Embed(Mat alignedBgr)
    {
        if (alignedBgr.Cols != Template.Width || alignedBgr.Rows != Template.Height)
        {
            throw new ArgumentException(
                $"{ModelId} takes {Template.Width}x{Template.Height} aligned crops, got {alignedBgr.Cols}x{alignedBgr.Rows}.", nameof(alignedBgr));
        }

        var vector = _model.Run(alignedBgr)[0];
        var norm = TensorPrimitives.Norm<float>(vector);
        if (!(norm > 1e-6f) || !float.IsFinite(norm))
        {
            throw new InvalidOperationException($"{ModelId} produced a degenerate embedding (norm {norm}).");
        }

        TensorPrimitives.Divide(vector, norm, vector);
        return new FaceEmbedding(vector, ModelId, ModelVersion);
    }

    // The OpenCV side stays inside the project (InternalsVisibleTo): callers of the interface reach it here.
    FaceEmbedding IFaceEmbedder.Embed(Mat alignedBgr) => Embed(alignedBgr);
}
