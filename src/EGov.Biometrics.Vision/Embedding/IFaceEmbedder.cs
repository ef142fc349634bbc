using EGov.Biometrics.Vision.Alignment;
using OpenCvSharp;

namespace EGov.Biometrics.Vision.Embedding;

/// <summary>Turns an aligned face crop into an L2-normalised embedding.</summary>
public interface IFaceEmbedder
{
    string ModelId { get; }

    string ModelVersion { get; }

    /// <summary>Where this embedder expects the five landmarks.</summary>
    AlignmentTemplate Template { get; }

    /// <summary>Thresholds by false-match rate; <see cref="FmrCalibration.Default"/> is the default operating point.</summary>
    FmrCalibration Calibration { get; }

    FaceEmbedding Embed(Mat alignedBgr);
}
