using System.CommandLine;
using EGov.Biometrics.Benchmarks.Pose;
using EGov.Biometrics.CommandLine;
using EGov.Biometrics.Vision.Quality;

namespace EGov.Biometrics.Benchmarks.Commands;

/// <summary><c>egov-bench pose --lfw DIR</c>: the landmark head pose against the pose model on LFW.</summary>
internal static class BenchPoseCommand
{
    public static Command Create()
    {
        var lfw = new Option<DirectoryInfo>("--lfw") { Description = "An LFW folder (images/NAME/NAME_NNNN.jpg).", Required = true };
        var limit = new Option<int>("--limit") { Description = "Images used at most, spread evenly over the sorted list.", DefaultValueFactory = _ => 2000 };
        var json = new Option<bool>("--json") { Description = "Print JSON." };
        var csv = new Option<FileInfo?>("--csv") { Description = "Also write each face's poses (image, model yaw, pitch, roll, landmark yaw, pitch, roll) to this file." };
        var command = new Command("pose", "Head pose from the 68 landmarks (PnP) against the pose model on LFW: error per angle, gate agreement, cost.") { lfw, limit, json, csv };
        command.SetAction(parse =>
        {
            var output = parse.InvocationConfiguration.Output;
            var folder = Path.Combine(parse.GetValue(lfw)!.FullName, "images");
            if (!Directory.Exists(folder))
            {
                throw new CommandException($"{parse.GetValue(lfw)!.FullName} is not an LFW folder: it has no images/ folder.");
            }

            var all = Directory.GetFiles(folder, "*.jpg", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToArray();
            var step = Math.Max(1, all.Length / Math.Max(1, parse.GetValue(limit)));
            var picked = all.Where((_, i) => i % step == 0).Take(parse.GetValue(limit));
            using var vision = new VisionContext();
            using var rows = parse.GetValue(csv) is { } file ? new StreamWriter(file.FullName) : null;
            var r = new PoseAgreementBenchmark(vision.Pipeline, QualityOptions.Default).Run(picked, $"LFW, every {step}th of {all.Length} images", rows);
            if (parse.GetValue(json))
            {
                Json.Write(output, r);
                return 0;
            }

            output.WriteLine($"{r.Set}: {r.Faces} faces, landmark pose minus pose model, degrees:");
            foreach (var (name, a) in new[] { ("yaw", r.Yaw), ("pitch", r.Pitch), ("roll", r.Roll) })
            {
                output.WriteLine($"  {name,-6} MAE {a.Mae:F1}, median {a.Median:F1}, 95th percentile {a.P95:F1}, max {a.Max:F1}, bias {a.Bias:+0.0;-0.0}");
            }

            var t = LandmarkPoseEstimator.Tolerance;
            output.WriteLine($"  within the stated tolerance (±{t.Yaw:F0}° yaw, ±{t.Pitch:F0}° pitch, ±{t.Roll:F0}° roll, all three): {r.WithinTolerance:P1} of faces");
            output.WriteLine($"  pose gates: same decision for {r.GateAgreement:P1} of faces (the model passes {r.ModelPassesGates:P1})");
            output.WriteLine($"  cost per face: landmark pose {r.LandmarkPoseMs:F3} ms, pose model {r.ModelPoseMs:F2} ms");
            output.WriteLine($"  the cascade (landmark pose where clear of every gate by the tolerance, else the model), fitted on every other face, judged on the other {r.HeldOutFaces}:");
            foreach (var c in r.Cascades)
            {
                output.WriteLine(
                    $"    {c.Name}: yaw {c.YawMap.Slope:F3}x{c.YawMap.Offset:+0.00;-0.00}, pitch {c.PitchMap.Slope:F3}x{c.PitchMap.Offset:+0.00;-0.00}, roll {c.RollMap.Slope:F3}x{c.RollMap.Offset:+0.00;-0.00}; "
                    + $"99.5th percentiles {c.Yaw.P995:F1}/{c.Pitch.P995:F1}/{c.Roll.P995:F1}; tolerance ±{c.Tolerance.Yaw:F0}/{c.Tolerance.Pitch:F0}/{c.Tolerance.Roll:F0}°: "
                    + $"same gate decision as the model for {c.GateAgreement:P2}, landmark pose decides {c.LandmarksDecide:P1}");
            }

            return 0;
        });
        return command;
    }
}
