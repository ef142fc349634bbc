using System.Collections.Concurrent;
using System.Numerics.Tensors;
using EGov.Biometrics.Service.Probes;
using EGov.Biometrics.Vision.Embedding;
using EGov.Biometrics.Vision.Imaging;
using EGov.Biometrics.Vision.Onnx;
using EGov.Biometrics.Vision.Pipeline;

namespace EGov.Biometrics.Service.Liveness;

/// <summary>
/// <see cref="IFrameSignalReader"/> on the face pipeline: in each frame the largest face is detected, located
/// (68 landmarks), its pose (HopeNet) and eye state read by the quality assessor, and it is aligned and embedded with
/// the decision's own model: the frame shows the decision's face when the cosine reaches that model's threshold at
/// <see cref="ActiveCheckPolicy.SameFaceFmr"/>. Nothing the agent says about the frames is used.
/// </summary>
public sealed class PipelineFrameSignalReader(FacePipeline pipeline, ModelCatalog catalog, ImageLimits limits, ActiveCheckPolicy policy) : IFrameSignalReader
{
    // Desk camera frames, not portrait crops: the detector alone (no portrait fallbacks).
    private static readonly AnalysisOptions PoseAndEyes = new() { Quality = true, Embed = false, Liveness = false, MaxFaces = 1, Parallel = false, Fallbacks = false };
    private readonly ConcurrentDictionary<string, OnnxFaceEmbedder> _embedders = new(StringComparer.Ordinal);

    public IReadOnlyList<FrameSignals> Read(IReadOnlyList<byte[]> frames, FaceTemplate decided)
    {
        LivenessFrame.RequireCount(frames);
        ArgumentNullException.ThrowIfNull(decided);
        var embedder = _embedders.GetOrAdd(decided.ModelId, id => new OnnxFaceEmbedder(catalog.Open(id)));
        var threshold = embedder.Calibration.At(policy.SameFaceFmr).Threshold;
        var signals = new FrameSignals[frames.Count];
        for (var i = 0; i < frames.Count; i++)
        {
            using var decoded = LivenessFrame.Decode(frames[i], i, limits);
            var faces = pipeline.Analyze(decoded.Bgr, PoseAndEyes);
            if (faces.Count == 0)
            {
                signals[i] = FrameSignals.NoFace;
                continue;
            }

            using var face = faces[0];
            using var aligned = pipeline.Aligner.Align(decoded.Bgr, face.Landmarks.Points5, embedder.Template);
            var similarity = TensorPrimitives.CosineSimilarity(embedder.Embed(aligned.Image).Vector, decided.Vector);
            signals[i] = new FrameSignals(similarity >= threshold, face.Quality!.Pose, face.Quality.Eyes);
        }

        return signals;
    }
}
