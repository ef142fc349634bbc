using System.Collections.Concurrent;
using EGov.Biometrics.Vision.Detection;
using EGov.Biometrics.Vision.Imaging;
using EGov.Biometrics.Vision.Onnx;
using EGov.Biometrics.Vision.Pipeline;

namespace EGov.Biometrics.Benchmarks.Accuracy;

/// <summary>
/// LFW accuracy of embedder variants: View 2 verification for each, and for the first (primary) variant
/// open-set identification over all 13,233 images, the FMR calibration and the plots. Faces are found by the
/// detector alone, or with <paramref name="portraitFallbacks"/> as photos to enrol are (see <see cref="FaceLocator"/>).
/// <paramref name="imageSet"/> names images other than LFW's own in the plots' titles.
/// </summary>
public sealed class LfwBenchmark(
    FacePipeline pipeline, ModelCatalog catalog, Action<string> progress, bool portraitFallbacks = false, string? imageSet = null)
{
    public LfwReport Run(LfwDataset data, IReadOnlyList<EmbeddingVariant> variants, bool identification, string? plotDirectory)
    {
        var primary = variants[0];
        var pairImages = data.Pairs.SelectMany(p => new[] { p.First, p.Second }).Distinct().ToList();
        var allImages = identification ? data.People.Values.SelectMany(v => v).ToList() : pairImages;

        progress($"locating faces in {allImages.Count} images");
        var located = new FaceLocator(pipeline, portraitFallbacks).LocateAll(allImages);
        var fallbacks = pairImages.Count(p => located[p].Fallback);
        var methods = pairImages.Where(p => !located[p].Fallback)
            .GroupBy(p => located[p].Detection.Method)
            .OrderBy(g => g.Key)
            .ToDictionary(g => g.Key.ToString().ToLowerInvariant(), g => g.Count());

        var faces = located.Values.Select(l => l.Landmarks).ToList();
        var reports = new List<VariantReport>();
        IReadOnlyDictionary<string, float[]>? primaryEmbeddings = null;
        List<ScoredPair>? primaryScores = null;
        VerificationResult? primaryResult = null;
        foreach (var variant in variants)
        {
            progress($"embedding with {variant.Name}");
            using var embedder = variant.Open(catalog, faces);
            var embeddings = Embed(embedder, variant == primary ? allImages : pairImages, located);
            var scores = data.Pairs.Select(p => new ScoredPair(
                System.Numerics.Tensors.TensorPrimitives.Dot<float>(embeddings[p.First], embeddings[p.Second]), p.Genuine, p.Fold)).ToList();
            var result = VerificationMetrics.Evaluate(scores);
            reports.Add(new VariantReport(variant.Name, result.AccuracyMean, result.AccuracyStd, result.Auc, result.Eer, result.TarAtFar1e3));
            if (variant == primary)
            {
                (primaryEmbeddings, primaryScores, primaryResult) = (embeddings, scores, result);
            }
        }

        IdentificationReport? idReport = null;
        CalibrationReport? calibration = null;
        if (identification)
        {
            progress("open-set identification");
            idReport = IdentificationReport.From(OpenSetIdentification.Evaluate(data.People, primaryEmbeddings!));
            progress("impostor calibration over every cross-identity pair");
            var items = data.People.SelectMany(p => p.Value.Select(path => (p.Key, primaryEmbeddings![path]))).ToList();
            var calibrated = ImpostorCalibration.Calibrate(items);
            calibration = new CalibrationReport(calibrated.ImpostorPairs, calibrated.Thresholds);
        }

        var plots = new List<string>();
        if (plotDirectory is not null)
        {
            // The default FMR's threshold: from this run's calibration where it resolved it, else from the manifest.
            var manifestDefault = new Vision.Embedding.OnnxFaceEmbedder(catalog.Open(primary.ModelId)).Calibration.Default;
            var measured = calibration?.Thresholds.FirstOrDefault(t => t.Fmr == manifestDefault.Fmr);
            var threshold = new OperatingPointMark(manifestDefault.Fmr, measured?.Threshold ?? manifestDefault.Threshold);
            var title = imageSet is null ? primary.Name : $"{primary.Name}, {imageSet}";
            plots.AddRange(AccuracyPlots.Write(plotDirectory, title, primaryScores!, threshold));
        }

        var r = primaryResult!;
        return new LfwReport(
            primary.ModelId, primary.Name, data.Pairs.Count, r.AccuracyMean, r.AccuracyStd, r.Auc, r.Eer, r.TarAtFar1e3, r.FarResolution,
            pairImages.Count, methods, Names(pairImages.Where(p => !located[p].Fallback && located[p].Detection.Method == DetectionMethod.Landmarks)),
            fallbacks, allImages.Count, located.Values.Count(l => l.Fallback),
            Names(located.Where(l => l.Value.Fallback).Select(l => l.Key)), idReport, MillisecondsPerImage(primary, pairImages.Take(40).ToList(), faces), calibration, reports, plots);
    }

    private static List<string> Names(IEnumerable<string> paths) => paths.Select(p => Path.GetFileName(p)).Order(StringComparer.Ordinal).ToList();

    internal static ConcurrentDictionary<string, float[]> Embed(VariantEmbedder embedder, IReadOnlyList<string> paths, IReadOnlyDictionary<string, LocatedFace> located)
    {
        var embeddings = new ConcurrentDictionary<string, float[]>();
        Parallel.ForEach(paths, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, path =>
        {
            using var image = ImageDecoder.DecodeFile(path);
            embeddings[path] = embedder.Embed(image.Bgr, embedder.Variant.Points(located[path].Landmarks));
        });
        return embeddings;
    }

    // One image after another on one thread: decode, detect, landmarks, align and embed.
    private double MillisecondsPerImage(EmbeddingVariant variant, IReadOnlyList<string> sample, IReadOnlyCollection<Vision.Landmarks.FaceLandmarks> faces)
    {
        using var embedder = variant.Open(catalog, faces);
        var locator = new FaceLocator(pipeline, portraitFallbacks);
        var times = sample.Select(path => Stopwatches.MedianMs(
            () =>
            {
                using var image = ImageDecoder.DecodeFile(path);
                embedder.Embed(image.Bgr, variant.Points(locator.Locate(image).Landmarks));
            },
            runs: 1,
            warmup: 0)).ToList();
        return Stopwatches.Median(times);
    }
}
