using EGov.Biometrics.Registry.Access;
using EGov.Biometrics.Vision.Embedding;
using EGov.Biometrics.Vision.Imaging;
using EGov.Biometrics.Vision.Onnx;
using EGov.Biometrics.Vision.Pipeline;
using global::Grpc.Core;
using V1 = EGov.Biometrics.Contracts.V1;

namespace EGov.Biometrics.Server.Grpc;

/// <summary>A probe ready to match, with the capture checks of image probes (null for templates).</summary>
internal sealed record ResolvedProbe(Service.Probe Probe, Vision.Quality.QualityReport? Quality, float? Liveness);

/// <summary>
/// Turns a wire probe into an embedding: templates as sent, aligned crops through their model's embedder,
/// images through the face pipeline (largest face).
/// </summary>
internal sealed class ProbeResolver(FacePipeline pipeline, ModelCatalog catalog, ImageLimits limits)
{
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, OnnxFaceEmbedder> _embedders = new(StringComparer.Ordinal);

    // Decoded images are large: at most two per core are held at once, the rest wait their turn.
    private readonly SemaphoreSlim _decodes = new(2 * Environment.ProcessorCount);

    /// <summary>Roles that may send raw templates: a template and the exact score read back would let any
    /// caller hill-climb towards a citizen's template, so only back-office roles get them.</summary>
    public static readonly IReadOnlySet<string> TemplateRoles = new HashSet<string>(StringComparer.Ordinal) { Roles.Admin, Roles.Supervisor };

    public ResolvedProbe Resolve(V1.Probe? probe, Service.Caller caller)
    {
        if (probe?.KindCase == V1.Probe.KindOneofCase.Template && !TemplateRoles.Contains(caller.Role))
        {
            throw new RpcException(new Status(StatusCode.PermissionDenied, $"The {caller.Role} role may not send raw templates: send an image or an aligned crop."));
        }

        if (probe?.KindCase is not (V1.Probe.KindOneofCase.Image or V1.Probe.KindOneofCase.Aligned))
        {
            return ResolveOne(probe);
        }

        _decodes.Wait();
        try
        {
            return ResolveOne(probe);
        }
        finally
        {
            _decodes.Release();
        }
    }

    private ResolvedProbe ResolveOne(V1.Probe? probe)
    {
        switch (probe?.KindCase)
        {
            case V1.Probe.KindOneofCase.Template:
                return new ResolvedProbe(new Service.Probe([.. probe.Template.Vector], probe.Template.ModelId), null, null);
            case V1.Probe.KindOneofCase.Image:
                using (var image = ImageDecoder.Decode(probe.Image.ToByteArray(), limits))
                {
                    var faces = pipeline.Analyze(image.Bgr, AnalysisOptions.All with { MaxFaces = 1 });
                    if (faces.Count == 0)
                    {
                        throw new ArgumentException("No face found in the image.");
                    }

                    using var face = faces[0];
                    return new ResolvedProbe(new Service.Probe(face.Embedding!.Vector, face.Embedding.ModelId), face.Quality, face.Liveness);
                }

            case V1.Probe.KindOneofCase.Aligned:
                using (var crop = ImageDecoder.Decode(probe.Aligned.Image.ToByteArray(), limits))
                {
                    var embedder = Embedder(probe.Aligned.ModelId);
                    if (crop.Width != embedder.Template.Width || crop.Height != embedder.Template.Height)
                    {
                        throw new ArgumentException(
                            $"An aligned crop for {embedder.ModelId} must be {embedder.Template.Width}x{embedder.Template.Height}, got {crop.Width}x{crop.Height}.");
                    }

                    return new ResolvedProbe(new Service.Probe(embedder.Embed(crop.Bgr).Vector, embedder.ModelId), null, null);
                }

            default:
                throw new ArgumentException("The probe is empty: send an image, an aligned crop or a template.");
        }
    }

    /// <summary>Whether aligned crops for <paramref name="modelId"/> can be embedded here.</summary>
    public bool Serves(string modelId) => EmbedderDescriptor(modelId) is not null;

    private Vision.Models.ModelDescriptor? EmbedderDescriptor(string modelId) =>
        catalog.Store.Manifest.Models.FirstOrDefault(m => m.Id == modelId && m.Task == "embedder");

    private OnnxFaceEmbedder Embedder(string modelId)
    {
        var descriptor = EmbedderDescriptor(modelId)
            ?? throw new ArgumentException($"'{modelId}' is not an embedder this server knows.");
        return _embedders.GetOrAdd(descriptor.Id, id => new OnnxFaceEmbedder(catalog.Open(id)));
    }
}
