using System.Collections.Concurrent;
using EGov.Biometrics.Vision.Embedding;
using EGov.Biometrics.Vision.Imaging;
using EGov.Biometrics.Vision.Models;
using EGov.Biometrics.Vision.Onnx;
using EGov.Biometrics.Vision.Pipeline;

namespace EGov.Biometrics.Service.Probes;

/// <summary>
/// <see cref="IProbeAnalyzer"/> on the ONNX face pipeline: images (of one person, <see cref="OnePersonRule"/>) through
/// detection, alignment, quality, liveness and embedding. With <paramref name="embedders"/> (the served ones, the default
/// first), the face is aligned to and embedded by each of them from the same landmarks: one template per embedder.
/// </summary>
public sealed class PipelineProbeAnalyzer(FacePipeline pipeline, ModelCatalog catalog, ImageLimits limits, IReadOnlyList<string>? embedders = null) : IProbeAnalyzer
{
    private readonly ConcurrentDictionary<string, OnnxFaceEmbedder> _embedders = new(StringComparer.Ordinal);

    // The caller bounds how many run at once (ProbeResolver's decode gate): each holds a decoded image. The stages
    // run one after the other on the caller's thread: side by side they would take thread-pool threads (the ones
    // that answer calls) and more cores than the gate grants.
    private static readonly AnalysisOptions Stages = AnalysisOptions.All with { Parallel = false };

    public ResolvedProbe AnalyzeImage(byte[] image)
    {
        using var decoded = ImageDecoder.Decode(image, limits);
        // Photos to enrol, verify or identify are often registry portrait crops: the detector, then its portrait fallbacks.
        var subject = OnePersonRule.Subject(pipeline.FaceFinder.Detect(decoded.Bgr));
        using var face = pipeline.AnalyzeFace(decoded.Bgr, subject, Stages);
        var pipelines = new FaceTemplate(face.Embedding!.Vector, face.Embedding.ModelId);
        if (embedders is null)
        {
            return new ResolvedProbe(pipelines, face.Quality, face.Liveness);
        }

        var templates = embedders.Select(id =>
        {
            if (id == pipelines.ModelId)
            {
                return pipelines;
            }

            var embedder = Embedder(id);
            using var aligned = pipeline.Aligner.Align(decoded.Bgr, face.Landmarks.Points5, embedder.Template);
            return new FaceTemplate(embedder.Embed(aligned.Image).Vector, embedder.ModelId);
        }).ToList();
        return new ResolvedProbe(templates[0], face.Quality, face.Liveness, templates[1..]);
    }

    public FaceTemplate EmbedAlignedCrop(string modelId, byte[] crop)
    {
        var embedder = Embedder(modelId);
        using var decoded = ImageDecoder.Decode(crop, limits);
        if (decoded.Width != embedder.Template.Width || decoded.Height != embedder.Template.Height)
        {
            throw new ArgumentException(
                $"An aligned crop for {embedder.ModelId} must be {embedder.Template.Width}x{embedder.Template.Height}, got {decoded.Width}x{decoded.Height}.");
        }

        return new FaceTemplate(embedder.Embed(decoded.Bgr).Vector, embedder.ModelId);
    }

    public bool EmbedsCrops(string modelId) => EmbedderDescriptor(modelId) is not null;

    private ModelDescriptor? EmbedderDescriptor(string modelId) =>
        catalog.Store.Manifest.Models.FirstOrDefault(m => m.Id == modelId && m.Task == "embedder");

    private OnnxFaceEmbedder Embedder(string modelId)
    {
        var descriptor = EmbedderDescriptor(modelId)
            ?? throw new ArgumentException($"'{Text.Bounded(modelId, Text.NameLength)}' is not an embedder this server knows.");
        return _embedders.GetOrAdd(descriptor.Id, id => new OnnxFaceEmbedder(catalog.Open(id)));
    }
}
