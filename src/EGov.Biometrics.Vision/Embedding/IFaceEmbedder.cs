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

    /// <summary>The similarity at the default operating point.</summary>
    float DefaultThreshold { get; }

    FaceEmbedding Embed(Mat alignedBgr);
}
