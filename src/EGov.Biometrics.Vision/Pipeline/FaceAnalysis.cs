using EGov.Biometrics.Vision.Alignment;
using EGov.Biometrics.Vision.Detection;
using EGov.Biometrics.Vision.Embedding;
using EGov.Biometrics.Vision.Landmarks;
using EGov.Biometrics.Vision.Quality;

namespace EGov.Biometrics.Vision.Pipeline;

/// <summary>Everything the pipeline learned about one face. Stages that were not asked for are null.</summary>
public sealed class FaceAnalysis(FaceDetection detection, FaceLandmarks landmarks, AlignedFaceCrop aligned) : IDisposable
{
    /// <summary>Where the face was found.</summary>
    public FaceDetection Detection { get; } = detection;

    /// <summary>Its 68 landmarks.</summary>
    public FaceLandmarks Landmarks { get; } = landmarks;

    /// <summary>The crop aligned to the embedder's template (owned by this object).</summary>
    public AlignedFaceCrop Aligned { get; } = aligned;

    /// <summary>Its quality, when asked for.</summary>
    public QualityReport? Quality { get; internal set; }

    /// <summary>Its live score, when asked for.</summary>
    public float? Liveness { get; internal set; }

    /// <summary>Its embedding, when asked for.</summary>
    public FaceEmbedding? Embedding { get; internal set; }

    /// <summary>Releases the aligned crop.</summary>
    public void Dispose() => Aligned.Dispose();
}
