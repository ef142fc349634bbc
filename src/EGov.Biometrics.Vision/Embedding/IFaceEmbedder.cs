using EGov.Biometrics.Vision.Alignment;
using OpenCvSharp;

namespace EGov.Biometrics.Vision.Embedding;

/// <summary>Turns an aligned face crop into an L2-normalised embedding.</summary>
public interface IFaceEmbedder
{
    /// <summary>The manifest id of the model.</summary>
    string ModelId { get; }

    /// <summary>The model's version.</summary>
    string ModelVersion { get; }

    /// <summary>Where this embedder expects the five landmarks.</summary>
    AlignmentTemplate Template { get; }

    /// <summary>Thresholds by false-match rate; <see cref="FmrCalibration.Default"/> is the default operating point.</summary>
    FmrCalibration Calibration { get; }

    /// <summary>The L2-normalised embedding of a BGR crop aligned to <see cref="Template"/>.</summary>
    internal FaceEmbedding Embed(Mat alignedBgr);
}
