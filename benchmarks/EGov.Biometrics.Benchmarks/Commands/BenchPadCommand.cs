using System.CommandLine;
using EGov.Biometrics.Benchmarks.Pad;
using EGov.Biometrics.CommandLine;
using EGov.Biometrics.Vision.Imaging;
using EGov.Biometrics.Vision.Liveness;

namespace EGov.Biometrics.Benchmarks.Commands;

/// <summary><c>egov-bench pad</c>: BPCER on bona fide photos and APCER per PAI species on the synthetic attack set.</summary>
internal static class BenchPadCommand
{
    public static Command Create()
    {
        var lfw = new Option<DirectoryInfo?>("--lfw") { Description = "An LFW folder (images/NAME/NAME_NNNN.jpg): its images join the bona fide set." };
        var limit = new Option<int>("--limit") { Description = "LFW images used at most (spread over the people).", DefaultValueFactory = _ => 1000 };
        var skip = new Option<int>("--skip") { Description = "LFW images passed over first (those the thresholds were set on), so the figures come from unseen ones.", DefaultValueFactory = _ => 0 };
        var seed = new Option<int>("--seed") { Description = "Seed of the synthetic attacks.", DefaultValueFactory = _ => 12 };
        var json = new Option<bool>("--json") { Description = "Print JSON." };
        var command = new Command("pad", "Presentation-attack detection: BPCER on bona fide photos, APCER per PAI species on synthetic attacks.") { lfw, limit, skip, seed, json };
        command.SetAction(parse =>
        {
            var output = parse.InvocationConfiguration.Output;
            using var vision = new VisionContext();
            var detector = vision.Pipeline.LivenessDetector as PresentationAttackDetector
                ?? throw new CommandException("The face pipeline's liveness detector is not the presentation-attack detector.");
            var bench = new PadBenchmark(vision.Pipeline, detector, 0.5f);
            var photos = Enumerable.Range(1, 6).Select(i => vision.Catalog.Store.AssetPath($"sample{i}"));
            var samples = bench.Score(bench.SampleScenes(photos), parse.GetValue(seed));
            var set = "sample photos";
            if (parse.GetValue(lfw) is { } folder)
            {
                samples.AddRange(bench.Score(LfwScenes(folder, parse.GetValue(skip), parse.GetValue(limit)), parse.GetValue(seed)));
                set += $" + LFW images {parse.GetValue(skip) + 1}–{parse.GetValue(skip) + parse.GetValue(limit)} ({folder.FullName})";
            }

            var result = bench.Report(set, samples);
            if (parse.GetValue(json))
            {
                Json.Write(output, result);
                return 0;
            }

            output.WriteLine($"{result.Set}: {result.BonaFide} bona fide faces, {result.FramesPerVisit} frames per visit, threshold {result.Threshold:F2}");
            output.WriteLine($"  BPCER {result.Bpcer:P2} (per frame {result.BpcerPerFrame:P2})");
            foreach (var (species, r) in result.Apcer)
            {
                output.WriteLine($"  APCER {species,-14} {r.Apcer:P2} (per frame {r.ApcerPerFrame:P2}; {r.Detected} of {r.Presented} attacks had a face detected)");
            }

            output.WriteLine($"  {result.Note}");
            return 0;
        });
        return command;
    }

    /// <summary>Up to <paramref name="limit"/> LFW images after the first <paramref name="skip"/>: one per person in name order, then second images, and so on.</summary>
    private static IEnumerable<(string Name, OpenCvSharp.Mat Scene)> LfwScenes(DirectoryInfo folder, int skip, int limit)
    {
        var images = Path.Combine(folder.FullName, "images");
        if (!Directory.Exists(images))
        {
            throw new CommandException($"{folder.FullName} is not an LFW folder: it has no images/ folder.");
        }

        var people = Directory.GetDirectories(images).Order(StringComparer.Ordinal)
            .Select(d => Directory.GetFiles(d, "*.jpg").Order(StringComparer.Ordinal).ToArray()).ToList();
        var picked = Enumerable.Range(0, people.Max(p => p.Length))
            .SelectMany(round => people.Where(p => p.Length > round).Select(p => p[round]))
            .Skip(skip)
            .Take(limit);
        foreach (var path in picked)
        {
            DecodedImage decoded;
            try
            {
                decoded = ImageDecoder.DecodeFile(path);
            }
            catch (InvalidImageException)
            {
                continue;
            }

            using (decoded)
            {
                yield return (Path.GetFileNameWithoutExtension(path), decoded.Bgr.Clone());
            }
        }
    }
}
