using EGov.Biometrics.Vision.Alignment;
using EGov.Biometrics.Vision.Detection;
using EGov.Biometrics.Vision.Embedding;
using EGov.Biometrics.Vision.Landmarks;
using EGov.Biometrics.Vision.Quality;

namespace EGov.Biometrics.Vision.Pipeline;

/// <summary>Everything the pipeline learned about one face. Stages that were not asked for are null.</summary>
public sealed class FaceAnalysis(FaceDetection detection, FaceLandmarks landmarks, AlignedFaceCrop aligned) : IDisposable
{
    public FaceDetection Detection { get; } = detection;

    public FaceLandmarks Landmarks { get; } = landmarks;

    /// <summary>The crop aligned to the embedder's template (owned by this object).</summary>
    public AlignedFaceCrop Aligned { get; } = aligned;

    public QualityReport? Quality { get; internal set; }

    public float? Liveness { get; internal set; }

    public FaceEmbedding? Embedding { get; internal set; }

    public void Dispose() => Aligned.Dispose();
}
