using System.CommandLine;
using EGov.Biometrics.Benchmarks.Accuracy;
using EGov.Biometrics.CommandLine;

namespace EGov.Biometrics.Benchmarks.Commands;

/// <summary><c>egov-bench lfw --dataset DIR</c>: LFW verification, open-set identification, calibration and plots.</summary>
internal static class BenchLfwCommand
{
    public static Command Create()
    {
        var dataset = new Option<DirectoryInfo>("--dataset") { Description = "LFW folder with pairs.txt and images/.", Required = true };
        var model = new Option<string?>("--model") { Description = "Embedder to measure (default: the manifest's default embedder)." };
        var channels = new Option<string?>("--channels") { Description = "Channel order override for the primary variant (RGB or BGR)." };
        var flip = new Option<bool>("--flip") { Description = "Average each embedding with that of the mirrored crop." };
        var compare = new Option<bool>("--compare") { Description = "Also measure every variant of every embedder (verification only)." };
        var noIdentification = new Option<bool>("--no-identification") { Description = "Skip open-set identification and calibration (pairs only)." };
        var plotDir = new Option<DirectoryInfo?>("--plot-dir") { Description = "Write DET, ROC and score-histogram PNGs here." };
        var json = new Option<bool>("--json") { Description = "Print JSON." };
        var command = new Command("lfw", "Accuracy on Labeled Faces in the Wild (View 2) and open-set identification.")
        {
            dataset, model, channels, flip, compare, noIdentification, plotDir, json,
        };
        command.SetAction(parse =>
        {
            var output = parse.InvocationConfiguration.Output;
            var error = parse.InvocationConfiguration.Error;
            using var vision = new VisionContext();
            var manifest = vision.Catalog.Store.Manifest;
            var modelId = parse.GetValue(model) ?? manifest.ModelForTask("embedder").Id;
            var descriptor = manifest.Model(modelId);
            var primary = new EmbeddingVariant(modelId, parse.GetValue(channels) ?? descriptor.Preprocessing.Channels, AlignmentMethod.Similarity5, parse.GetValue(flip));
            var variants = new List<EmbeddingVariant> { primary };
            if (parse.GetValue(compare))
            {
                variants.AddRange(manifest.Models.Where(m => m.Task == "embedder")
                    .SelectMany(m => EmbeddingVariant.AllFor(m.Id, m.Preprocessing.Channels))
                    .Where(v => v != primary));
            }

            var data = LfwDataset.Load(parse.GetRequiredValue(dataset).FullName);
            var started = DateTime.UtcNow;
            var report = new LfwBenchmark(vision.Pipeline, vision.Catalog, message => error.WriteLine($"[{DateTime.UtcNow - started:mm\\:ss}] {message}"))
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

    private static void WriteText(TextWriter output, LfwReport r)
    {
        output.WriteLine($"LFW View 2, {r.Pairs} pairs, {r.Variant}");
        output.WriteLine($"  accuracy {r.AccuracyMean:P2} ± {r.AccuracyStd:P2} (10-fold)   AUC {r.Auc:F5}   EER {r.Eer:P2}");
        output.WriteLine($"  TAR {r.TarAtFar1e3:P2} at FAR 1e-3 (3,000 impostor pairs resolve FAR {r.FarResolution:0.0e0} at best: this rests on the top 3 impostor scores)");
        output.WriteLine($"  detector fallbacks (centre box): {r.DetectFallbacks} of the pair images, {r.DetectFallbacksAllImages} of all {r.Images} {string.Join(" ", r.DetectFallbackImages)}; {r.MsPerImage:F1} ms per image");
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
