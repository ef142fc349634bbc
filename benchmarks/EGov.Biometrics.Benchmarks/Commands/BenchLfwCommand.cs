using System.CommandLine;
using EGov.Biometrics.Benchmarks.Accuracy;
using EGov.Biometrics.CommandLine;
using EGov.Biometrics.Matching.Search;
using EGov.Biometrics.Vision.Detection;
using EGov.Biometrics.Vision.Models;
using EGov.Biometrics.Vision.Pipeline;
using EGov.Biometrics.Vision.Recognition;

namespace EGov.Biometrics.Benchmarks.Commands;

/// <summary>
/// <c>egov-bench lfw --dataset DIR [--variant portrait]</c>: LFW verification, open-set identification, calibration and
/// plots; on the original images, or on tight greyscale portrait crops of them beside the originals.
/// </summary>
internal static class BenchLfwCommand
{
    public static Command Create()
    {
        var dataset = new Option<DirectoryInfo>("--dataset") { Description = "LFW folder with pairs.txt and images/.", Required = true };
        var model = new Option<string?>("--model") { Description = "Embedder to measure (default: the manifest's default embedder)." };
        var channels = new Option<string?>("--channels") { Description = "Channel order override for the primary variant (RGB or BGR)." };
        var flip = new Option<bool>("--flip") { Description = "Average each embedding with that of the mirrored crop." };
        var alignment = new Option<string>("--alignment")
        {
            Description = "Alignment of the primary variant: similarity5 (the product's: five points to the model's template) or mean-shape "
                + "(the 51 inner landmarks to their mean shape over the measured faces).",
            DefaultValueFactory = _ => "similarity5",
        };
        alignment.AcceptOnlyFromAmong("similarity5", "mean-shape");
        var compare = new Option<bool>("--compare") { Description = "Also measure every variant of every embedder (verification only)." };
        var noIdentification = new Option<bool>("--no-identification") { Description = "Skip open-set identification and calibration (pairs only)." };
        var plotDir = new Option<DirectoryInfo?>("--plot-dir") { Description = "Write DET, ROC and score-histogram PNGs here." };
        var variant = new Option<string>("--variant")
        {
            Description = $"original: the LFW images; portrait: registry-style crops of them ({new LfwPortraits().Describe}), measured beside the originals.",
            DefaultValueFactory = _ => "original",
        };
        variant.AcceptOnlyFromAmong("original", "portrait");
        var portraitWidth = new Option<int>("--portrait-width") { Description = "Width of the portraits in pixels (height 11/9 of it).", DefaultValueFactory = _ => 90 };
        var detectorBox = new Option<bool>("--detector-box")
        {
            Description = "Portraits: keep the detector's box wherever it finds the face, instead of the bordered image's for tall or frame-filling "
                + "portraits (to measure what that rule is worth).",
        };
        var portraitDir = new Option<DirectoryInfo?>("--portrait-dir") { Description = "Where the portrait crops are written and reused (default: a folder under the system's temporary folder)." };
        var distractors = new Option<int?>("--distractors")
        {
            Description = "Measure the cascade against exact search instead: LFW's identities in a gallery filled to this many templates with "
                + "synthetic distractors drawn from the LFW embeddings' distribution.",
        };
        var embeddingCache = new Option<DirectoryInfo?>("--embedding-cache")
        {
            Description = "With --distractors: where every image's embedding is kept and reused, keyed by the models and pipeline "
                + "(default: a folder under the system's temporary folder).",
        };
        var probes = new Option<int>("--probes")
        {
            Description = "With --distractors: at most this many mated and as many non-mated probes, spread over all identities (default: all 7,484 and 4,069).",
        };
        var faceRecognition = new Option<bool>("--face-recognition")
        {
            Description = "Measure the FaceRecognitionDotNet-shaped facade instead: dlib encodings on dlib's 150x150 chips, "
                + "compare-faces at a fixed Euclidean tolerance (pairs only).",
        };
        var tolerance = new Option<double>("--tolerance") { Description = "With --face-recognition: the distance tolerance.", DefaultValueFactory = _ => 0.6 };
        var jitters = new Option<int>("--jitters")
        {
            Description = "With --face-recognition: num_jitters of each encoding (1: none). With --fusion, above 1: also the second embedder on dlib's "
                + "150x150 chip with that many jitters, alone and fused.",
            DefaultValueFactory = _ => 1,
        };
        var calibrate = new Option<bool>("--calibrate")
        {
            Description = "With --face-recognition: also encode all 13,233 images and give the tolerance for each FMR over every cross-identity pair.",
        };
        var fusion = new Option<bool>("--fusion")
        {
            Description = "Measure the manifest's two embedders alone, with test-time flip, and fused (z-normalised sum) in one run "
                + "over all 13,233 images: accuracy, TAR, open-set FNIR, the fused calibration and the cost per face.",
        };
        var json = new Option<bool>("--json") { Description = "Print JSON." };
        var command = new Command("lfw", "Accuracy on Labeled Faces in the Wild (View 2) and open-set identification.")
        {
            dataset, model, channels, flip, alignment, compare, noIdentification, plotDir, variant, portraitWidth, detectorBox, portraitDir, distractors, embeddingCache, probes,
            faceRecognition, tolerance, jitters, calibrate, fusion, json,
        };
        command.SetAction(parse =>
        {
            var output = parse.InvocationConfiguration.Output;
            var error = parse.InvocationConfiguration.Error;
            var aligned = parse.GetValue(alignment) == "mean-shape";
            if (aligned && (parse.GetValue(faceRecognition) || parse.GetValue(fusion) || parse.GetValue(distractors) is not null))
            {
                throw new CommandException("--alignment mean-shape measures the embedders' verification; leave out --face-recognition, --fusion and --distractors.");
            }

            if (parse.GetValue(jitters) != 1 && !parse.GetValue(faceRecognition) && !parse.GetValue(fusion))
            {
                throw new CommandException("--jitters applies to --face-recognition and --fusion only.");
            }

            if (parse.GetValue(faceRecognition))
            {
                return RunFaceRecognition(parse.GetRequiredValue(dataset).FullName, parse.GetValue(tolerance), parse.GetValue(jitters), parse.GetValue(calibrate), parse.GetValue(json), output, error);
            }

            using var vision = new VisionContext();
            var manifest = vision.Catalog.Store.Manifest;
            if (parse.GetValue(fusion))
            {
                return RunFusion(vision, parse.GetRequiredValue(dataset).FullName, parse.GetValue(embeddingCache)?.FullName, parse.GetValue(jitters), parse.GetValue(json), output, error);
            }

            var modelId = parse.GetValue(model) ?? manifest.ModelForTask("embedder").Id;
            var descriptor = manifest.Model(modelId);
            var primary = new EmbeddingVariant(modelId, parse.GetValue(channels) ?? descriptor.Preprocessing.Channels, parse.GetValue(alignment) == "mean-shape" ? AlignmentMethod.MeanShape : AlignmentMethod.Similarity5, parse.GetValue(flip));
            var variants = new List<EmbeddingVariant> { primary };
            if (parse.GetValue(compare))
            {
                variants.AddRange(manifest.Models.Where(m => m.Task == "embedder")
                    .SelectMany(m => EmbeddingVariant.AllFor(m.Id, m.Preprocessing.Channels))
                    .Where(v => v != primary));
            }

            var data = LfwDataset.Load(parse.GetRequiredValue(dataset).FullName);
            var started = DateTime.UtcNow;
            void Progress(string message) => error.WriteLine($"[{DateTime.UtcNow - started:mm\\:ss}] {message}");
            if (parse.GetValue(distractors) is { } distractorCount)
            {
                if (variants.Count > 1 || parse.GetValue(variant) != "original")
                {
                    throw new CommandException("--distractors measures the original images with one variant; leave out --compare and --variant.");
                }

                if (distractorCount < 0 || parse.GetValue(probes) < 0)
                {
                    throw new CommandException($"--distractors {distractorCount} and --probes {parse.GetValue(probes)} must not be negative.");
                }

                var cacheDirectory = parse.GetValue(embeddingCache)?.FullName ?? Path.Combine(Path.GetTempPath(), "egov-lfw-embeddings");
                var digests = new[] { "detector", "landmarks" }.Select(t => manifest.ModelForTask(t).Sha256).Append(descriptor.Sha256);
                var file = new LfwEmbeddingCache(cacheDirectory).PathFor(digests, primary);
                var embeddings = LfwEmbeddingCache.LoadOrEmbed(
                    file, data, images => LfwEmbeddingCache.Embed(vision.Pipeline, vision.Catalog, primary, images, Progress), Progress);
                // Beside the default cascade, one keeping twice the binary candidates: what it would take to close the gap
                // to exact. Every subject here has one template, so its template hits are its subject hits.
                var wider = CascadeOptions.Default with
                {
                    BinaryFraction = 2 * CascadeOptions.Default.BinaryFraction, MinBinaryCandidates = 2 * CascadeOptions.Default.MinBinaryCandidates,
                };
                GallerySearchMethod[] methods =
                [
                    new("cascade", (g, q, k) => g.IdentifySubjects(q, k, SearchMethod.Cascade)),
                    new("cascade-2x", (g, q, k) => [.. g.SearchCascade([q], k, wider)[0].Select(h => new SubjectHit(h.SubjectId, h.Score, h.TemplateId))]),
                ];
                var cpu = CpuName();
                var distractorReport = new LfwDistractorBenchmark(Progress)
                    .Run(data.People, embeddings, distractorCount, methods, probeLimit: parse.GetValue(probes), variant: primary.Name, cpu: cpu);
                if (parse.GetValue(json))
                {
                    Json.Write(output, distractorReport);
                }
                else
                {
                    WriteText(output, distractorReport);
                }

                return 0;
            }

            if (parse.GetValue(variant) == "portrait")
            {
                if (variants.Count > 1)
                {
                    throw new CommandException("--compare measures the original images only; leave it out with --variant portrait.");
                }

                if (parse.GetValue(portraitWidth) is < 32 or > 1000)
                {
                    throw new CommandException($"--portrait-width {parse.GetValue(portraitWidth)} is outside 32 to 1000 pixels (uploads narrower than 32 pixels are refused).");
                }

                var cache = parse.GetValue(portraitDir)?.FullName ?? Path.Combine(Path.GetTempPath(), "egov-lfw-portraits");
                var p = vision.Pipeline;
                var fallbacks = parse.GetValue(detectorBox)
                    ? PortraitFallbackOptions.Default with { TallAspect = float.PositiveInfinity, FillsFrame = float.PositiveInfinity }
                    : PortraitFallbackOptions.Default;
                var pipeline = new FacePipeline(p.Detector, p.Landmarker, p.Aligner, p.Embedder, p.LivenessDetector, p.QualityAssessor, fallbacks);
                var portrait = new PortraitLfwBenchmark(pipeline, vision.Catalog, Progress)
                    .Run(data, new LfwPortraits(parse.GetValue(portraitWidth)), primary, !parse.GetValue(noIdentification), cache, parse.GetValue(plotDir)?.FullName);
                if (parse.GetValue(json))
                {
                    Json.Write(output, portrait);
                }
                else
                {
                    WriteText(output, portrait);
                }

                return 0;
            }

            var report = new LfwBenchmark(vision.Pipeline, vision.Catalog, Progress)
                .Run(data, variants, !parse.GetValue(noIdentification), parse.GetValue(plotDir)?.FullName);

            if (parse.GetValue(json))
            {
                Json.Write(output, report);
            }
            else
            {
                WriteText(output, report);
            }

            return 0;
        });
        return command;
    }

    private static int RunFaceRecognition(string dataset, double tolerance, int jitters, bool calibrate, bool json, TextWriter output, TextWriter error)
    {
        if (!(tolerance > 0) || !double.IsFinite(tolerance))
        {
            throw new CommandException($"--tolerance {tolerance} must be a positive distance.");
        }

        if (jitters < 1)
        {
            throw new CommandException($"--jitters {jitters} must be 1 or more.");
        }

        var started = DateTime.UtcNow;
        using var faces = new FaceRecognition(ModelStore.Discover().CacheDirectory);
        var report = new FaceRecognitionLfwBenchmark(faces, m => error.WriteLine($"[{DateTime.UtcNow - started:mm\\:ss}] {m}"))
            .Run(LfwDataset.Load(dataset), tolerance, jitters, calibrate, CpuName());
        if (json)
        {
            Json.Write(output, report);
            return 0;
        }

        output.WriteLine($"LFW View 2, {report.Pairs} pairs, FaceRecognition facade (dlib-resnet29-faceapi on dlib's 150x150 chips, num_jitters {report.Jitters}), on {report.Cpu}");
        output.WriteLine($"  compare-faces at distance {report.Tolerance}: accuracy {report.AccuracyAtTolerance:P2} over all pairs, "
            + $"{report.FoldMeanAtTolerance:P2} ± {report.FoldStdAtTolerance:P2} over the 10 folds");
        output.WriteLine($"    false matches {report.FalseMatchRateAtTolerance:P2} of impostor pairs, false non-matches {report.FalseNonMatchRateAtTolerance:P2} of genuine pairs");
        output.WriteLine($"  10-fold protocol (threshold learnt per fold): {report.TenFoldAccuracyMean:P2} ± {report.TenFoldAccuracyStd:P2}   AUC {report.Auc:F5}   EER {report.Eer:P2}");
        output.WriteLine($"  no face found (centre box used): {report.NoFaceFound} of {report.Images} images; {report.MsPerImage:F1} ms per image per core");
        if (report.Tolerances is { } tolerances)
        {
            output.WriteLine($"  tolerance by FMR over {report.ImpostorPairs:N0} cross-identity pairs:");
            foreach (var t in tolerances)
            {
                output.WriteLine($"    FMR {t.Fmr:0e0}  distance {t.Threshold:F4}");
            }
        }

        return 0;
    }

    private static int RunFusion(VisionContext vision, string dataset, string? cacheDirectory, int jitters, bool json, TextWriter output, TextWriter error)
    {
        if (jitters < 1)
        {
            throw new CommandException($"--jitters {jitters} must be 1 or more.");
        }

        var embedders = vision.Catalog.Store.Manifest.Models.Where(m => m.Task == "embedder").Select(m => m.Id).ToList();
        if (embedders.Count < 2)
        {
            throw new CommandException($"--fusion needs two embedders in the manifest; it has {embedders.Count}.");
        }

        var started = DateTime.UtcNow;
        var report = new LfwFusionBenchmark(vision.Pipeline, vision.Catalog, m => error.WriteLine($"[{DateTime.UtcNow - started:mm\\:ss}] {m}"))
            .Run(LfwDataset.Load(dataset), embedders[0], embedders[1], cacheDirectory ?? Path.Combine(Path.GetTempPath(), "egov-lfw-embeddings"), CpuName(), jitters);
        if (json)
        {
            Json.Write(output, report);
            return 0;
        }

        output.WriteLine($"LFW View 2, {report.Pairs} pairs; {report.Images} images, {report.ImpostorPairs:N0} cross-identity pairs; on {report.Cpu}");
        output.WriteLine($"  fused weight of the first embedder: {report.FirstWeight:F4} (with flip {report.FirstWeightFlip:F4}); finding a face costs {report.LocateMs:F1} ms");
        output.WriteLine($"  {"",-100} {"accuracy (10-fold)",18} {"AUC",8} {"EER",6} {"TAR@FAR1e-3",11} {"TAR@FMR1e-4",11} {"rank-1",7} {"FNIR@FPIR.01",12} {"ms/face",8}");
        foreach (var r in report.Rows)
        {
            output.WriteLine(
                $"  {r.Name,-100} {r.AccuracyMean,9:P2} ± {r.AccuracyStd,5:P2} {r.Auc,8:F5} {r.Eer,6:P2} {r.TarAtFar1e3,11:P2} {(r.TarAtCalibratedFmr1e4 is { } tar ? tar.ToString("P2", System.Globalization.CultureInfo.CurrentCulture) : "-"),11} "
                + $"{r.Rank1,7:P2} {r.FnirAtFpir1e2,12:P2} {r.MsPerFace,8:F1}");
        }

        foreach (var r in report.Rows)
        {
            output.WriteLine($"  {r.Name}: impostor mean {r.ImpostorMean:F4} std {r.ImpostorStd:F4}; thresholds "
                + string.Join(", ", r.Calibration.Select(t => $"FMR {t.Fmr:0e0} {t.Threshold:F4}{(t.Extrapolated ? " (extrapolated)" : string.Empty)}")));
        }

        return 0;
    }

    private static void WriteText(TextWriter output, PortraitLfwReport p)
    {
        var (o, r) = (p.Original, p.Portrait);
        output.WriteLine($"LFW View 2, {r.Pairs} pairs, {r.Variant}: registry portraits ({p.Crop}) beside the original images");
        output.WriteLine($"  {"",-28} {"original",18} {"portrait",18}");
        output.WriteLine($"  {"accuracy (10-fold)",-28} {Accuracy(o),18} {Accuracy(r),18}   ({p.AccuracyDropPoints:F2} points lower)");
        output.WriteLine($"  {"ROC AUC",-28} {o.Auc,18:F5} {r.Auc,18:F5}");
        output.WriteLine($"  {"EER",-28} {o.Eer,18:P2} {r.Eer,18:P2}");
        output.WriteLine($"  {"TAR at FAR 1e-3",-28} {o.TarAtFar1e3,18:P2} {r.TarAtFar1e3,18:P2}");
        output.WriteLine($"  {"ms per image",-28} {o.MsPerImage,18:F1} {r.MsPerImage,18:F1}");
        var methods = string.Join(", ", r.DetectionMethods.Select(m => $"{m.Key} {m.Value}"));
        output.WriteLine($"  faces found in the portraits: {r.PairImages - r.DetectFallbacks} of {r.PairImages} ({p.DetectionRate:P2}): {methods}");
        if (r.LandmarkPlacedImages.Count > 0)
        {
            output.WriteLine($"  placed from landmarks: {string.Join(" ", r.LandmarkPlacedImages)}");
        }

        if (r.DetectFallbacks > 0)
        {
            output.WriteLine($"  not found (centre box used): {string.Join(" ", r.DetectFallbackImages)}");
        }

        output.WriteLine($"  finding the face in a portrait: {p.FinderMs:F1} ms with the fallbacks, {p.DetectorMs:F1} ms for the detector alone ({p.FinderMs / p.DetectorMs:F1}x; median, one thread)");
        var byMethod = string.Join(", ", p.NonFaces.FinderFalseFaces.Select(m => $"{m.Key} {m.Value}"));
        output.WriteLine(
            $"  false faces on {p.NonFaces.Images} noise images: {p.NonFaces.DetectorFalseFaces} by the detector alone, "
            + $"{p.NonFaces.FinderFalseFaces.Values.Sum()} by the finder{(byMethod.Length == 0 ? string.Empty : $" ({byMethod})")}");
        if (r.Identification is { } id)
        {
            output.WriteLine($"  open-set identification on portraits: rank-1 {id.Rank1:P2}   FNIR {id.FnirAtFpir1e2:P2} at FPIR 0.01   FNIR {id.FnirAtFpir3e3:P2} at FPIR 0.003");
        }

        var boxRule = float.IsPositiveInfinity(p.Fallbacks.TallAspect) && float.IsPositiveInfinity(p.Fallbacks.FillsFrame)
            ? "the detector's box kept wherever it finds the face (--detector-box)"
            : $"the bordered image's box for portraits at least {p.Fallbacks.TallAspect} times as tall as wide or faces from {p.Fallbacks.FillsFrame:P0} of the height";
        output.WriteLine($"  portraits: {p.Portraits}; {boxRule}");
        foreach (var plot in r.Plots)
        {
            output.WriteLine($"  plot: {plot}");
        }

        static string Accuracy(LfwReport report) => $"{report.AccuracyMean:P2} ± {report.AccuracyStd:P2}";
    }

    private static void WriteText(TextWriter output, DistractorReport r)
    {
        output.WriteLine($"LFW among {r.Distractors:N0} synthetic distractors, {r.Variant}, on {r.Cpu}");
        output.WriteLine($"  gallery: {r.GallerySubjects} LFW identities + {r.Distractors:N0} distractors; {r.MatedProbes} mated / {r.NonMatedProbes} non-mated probes");
        output.WriteLine($"  LFW alone: rank-1 {r.LfwOnlyRank1:P2}   FNIR {r.LfwOnlyFnirAtFpir1e2:P2} at FPIR 0.01");
        output.WriteLine($"  {r.NonMatedTop1DistractorShare:P1} of non-mated probes' best hits are distractors; {r.MatedErrorsByDistractor} mated probes lose rank 1 to a distractor");
        foreach (var d in r.ImpostorScores)
        {
            output.WriteLine($"  stranger scores, {d.Source,-22} mean {d.Mean,7:F4}  std {d.Std:F4}  p99 {d.P99:F4}  p99.9 {d.P999:F4}  p99.99 {d.P9999:F4}  max {d.Max:F4}  ({d.Scores:N0} scores)");
        }

        output.WriteLine($"  {"method",-10} {"recall@1",9} {"recall@10",9} {"rank-1",8} {"FNIR@0.01",9} {"threshold",9} {"FNIR@0.003",10} {"median ms",9}   difference to exact");
        foreach (var m in r.Methods)
        {
            output.WriteLine(
                $"  {m.Method,-10} {m.RecallAt1,9:P3} {m.RecallAt10,9:P3} {m.Rank1,8:P2} {m.FnirAtFpir1e2,9:P2} {m.ThresholdAtFpir1e2,9:F4} {m.FnirAtFpir3e3,10:P2} {m.MedianMs,9:F2}   "
                + $"rank-1 {m.Rank1MinusExact * 100:+0.00;-0.00;0.00} points, FNIR {m.FnirMinusExact * 100:+0.00;-0.00;0.00} points ({m.TimedQueries} probes timed)");
        }

        foreach (var m in r.Methods.Skip(1))
        {
            output.WriteLine($"  {m.Method} recall@1: mated probes {m.RecallAt1Mated:P3}, non-mated {m.RecallAt1NonMated:P3}, exact best above the FPIR 0.01 threshold {m.RecallAt1AboveThreshold:P3}");
        }
    }

    // The processor and the widest vectors it accelerates: figures per query depend on both.
    private static string CpuName()
    {
        var isa = System.Runtime.Intrinsics.Vector512.IsHardwareAccelerated ? "AVX-512"
            : System.Runtime.Intrinsics.Vector256.IsHardwareAccelerated ? "AVX2" : "128-bit vectors";
        return $"{SituationCenter.CpuModel.Name()}, {Environment.ProcessorCount} cores, {isa}";
    }

    private static void WriteText(TextWriter output, LfwReport r)
    {
        output.WriteLine($"LFW View 2, {r.Pairs} pairs, {r.Variant}");
        output.WriteLine($"  accuracy {r.AccuracyMean:P2} ± {r.AccuracyStd:P2} (10-fold)   AUC {r.Auc:F5}   EER {r.Eer:P2}");
        output.WriteLine($"  TAR {r.TarAtFar1e3:P2} at FAR 1e-3 (3,000 impostor pairs resolve FAR {r.FarResolution:0.0e0} at best: this rests on the top 3 impostor scores)");
        output.WriteLine($"  detector fallbacks (centre box): {r.DetectFallbacks} of the {r.PairImages} pair images, {r.DetectFallbacksAllImages} of all {r.Images} {string.Join(" ", r.DetectFallbackImages)}; {r.MsPerImage:F1} ms per image");
        if (r.Identification is { } id)
        {
            output.WriteLine($"  open-set identification: {id.GallerySubjects} subjects + {id.Distractors} distractors, {id.MatedProbes} mated / {id.NonMatedProbes} non-mated probes");
            output.WriteLine($"    rank-1 {id.Rank1:P2}   FNIR {id.FnirAtFpir1e2:P2} at FPIR 0.01   FNIR {id.FnirAtFpir3e3:P2} at FPIR 0.003");
        }

        if (r.Calibration is { } c)
        {
            output.WriteLine($"  calibration over {c.ImpostorPairs:N0} impostor pairs:");
            foreach (var t in c.Thresholds)
            {
                output.WriteLine($"    FMR {t.Fmr:0e0}  threshold {t.Threshold:F4}{(t.Extrapolated ? "  (extrapolated)" : string.Empty)}");
            }
        }

        if (r.Variants.Count > 1)
        {
            output.WriteLine($"  {"variant",-58} {"accuracy",16} {"AUC",8} {"EER",7} {"TAR@1e-3",9}");
            foreach (var v in r.Variants)
            {
                output.WriteLine($"  {v.Variant,-58} {v.AccuracyMean,8:P2} ± {v.AccuracyStd,5:P2} {v.Auc,8:F5} {v.Eer,7:P2} {v.TarAtFar1e3,9:P2}");
            }
        }

        foreach (var plot in r.Plots)
        {
            output.WriteLine($"  plot: {plot}");
        }
    }
}
