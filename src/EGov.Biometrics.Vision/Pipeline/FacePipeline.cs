using EGov.Biometrics.Vision.Alignment;
using EGov.Biometrics.Vision.Detection;
using EGov.Biometrics.Vision.Embedding;
using EGov.Biometrics.Vision.Landmarks;
using EGov.Biometrics.Vision.Liveness;
using EGov.Biometrics.Vision.Onnx;
using EGov.Biometrics.Vision.Quality;
using OpenCvSharp;

namespace EGov.Biometrics.Vision.Pipeline;

/// <summary>
/// detect → landmarks → align, then embedding, liveness and quality side by side. Thread-safe:
/// every component shares its ONNX session, so one pipeline serves all callers.
/// </summary>
public sealed class FacePipeline(
    IFaceDetector detector,
    IFaceLandmarker landmarker,
    IFaceAligner aligner,
    IFaceEmbedder embedder,
    ILivenessDetector liveness,
    IFaceQualityAssessor quality,
    PortraitFallbackOptions? fallbacks = null)
{
    /// <summary>The detector alone, on the image as it is (<see cref="DetectionMethod.Direct"/>).</summary>
    public IFaceDetector Detector { get; } = detector;

    /// <summary>The detector, then, where it finds nothing, the portrait-crop fallbacks (<see cref="AnalysisOptions.Fallbacks"/>).</summary>
    public PortraitFaceFinder FaceFinder { get; } = new(detector, landmarker, fallbacks);

    /// <summary>The 68-point landmark model.</summary>
    public IFaceLandmarker Landmarker { get; } = landmarker;

    /// <summary>The aligner to the embedder's template.</summary>
    public IFaceAligner Aligner { get; } = aligner;

    /// <summary>The embedder.</summary>
    public IFaceEmbedder Embedder { get; } = embedder;

    /// <summary>The liveness detector.</summary>
    public ILivenessDetector LivenessDetector { get; } = liveness;

    /// <summary>The quality assessor.</summary>
    public IFaceQualityAssessor QualityAssessor { get; } = quality;

    /// <summary>The default pipeline over the manifest's models.</summary>
    public static FacePipeline Create(
        ModelCatalog catalog, UltraFaceOptions? detection = null, QualityOptions? quality = null, PortraitFallbackOptions? fallbacks = null) =>
        new(
            new UltraFaceDetector(catalog.OpenForTask("detector"), detection),
            new Landmark68Model(catalog.OpenForTask("landmarks")),
            new SimilarityAligner(),
            new OnnxFaceEmbedder(catalog.OpenForTask("embedder")),
            new PresentationAttackDetector(new MiniFasLivenessDetector(catalog.OpenForTask("liveness"))),
            new FaceQualityAssessor(
                new HopeNetPoseEstimator(catalog.OpenForTask("pose")),
                new EyeStateModel(catalog.OpenForTask("eye_state")),
                quality),
            fallbacks);

    /// <summary>Analyses the faces of a BGR image, largest first. The caller disposes the results.</summary>
    internal IReadOnlyList<FaceAnalysis> Analyze(Mat bgr, AnalysisOptions? options = null)
    {
        options ??= AnalysisOptions.All;
        var detections = Detect(bgr, options);
        var results = new FaceAnalysis[detections.Count];
        try
        {
            for (var i = 0; i < detections.Count; i++)
            {
                results[i] = AnalyzeFace(bgr, detections[i], options);
            }
        }
        catch
        {
            foreach (var result in results)
            {
                result?.Dispose();
            }

            throw;
        }

        return results;
    }

    /// <summary>The faces <see cref="Analyze"/> would analyse, largest first, before landmarks.</summary>
    internal IReadOnlyList<FaceDetection> Detect(Mat bgr, AnalysisOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return [.. (options.Fallbacks ? FaceFinder : Detector).Detect(bgr).OrderByDescending(d => d.Box.Area).Take(options.MaxFaces)];
    }

    /// <summary>Landmarks, alignment and the requested stages for one detection.</summary>
    internal FaceAnalysis AnalyzeFace(Mat bgr, FaceDetection detection, AnalysisOptions options)
    {
        var landmarks = Landmarker.Locate(bgr, detection.Box);
        var analysis = new FaceAnalysis(detection, landmarks, Aligner.Align(bgr, landmarks.Points5, Embedder.Template));
        try
        {
            var stages = new List<Action>(3);
            if (options.Embed)
            {
                stages.Add(() => analysis.Embedding = Embedder.Embed(analysis.Aligned.Image));
            }

            if (options.Liveness)
            {
                stages.Add(() => analysis.Liveness = LivenessDetector.Score(bgr, detection.Box));
            }

            if (options.Quality)
            {
                stages.Add(() => analysis.Quality = QualityAssessor.Assess(bgr, detection, landmarks, analysis.Aligned.Image, options.Pose));
            }

            if (options.Parallel && stages.Count > 1)
            {
                System.Threading.Tasks.Parallel.Invoke([.. stages]);
            }
            else
            {
                stages.ForEach(stage => stage());
            }

            return analysis;
        }
        catch
        {
            analysis.Dispose();
            throw;
        }
    }
}
