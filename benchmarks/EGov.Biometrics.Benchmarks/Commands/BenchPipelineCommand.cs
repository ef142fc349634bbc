using System.CommandLine;
using EGov.Biometrics.Benchmarks.Pipeline;
using EGov.Biometrics.CommandLine;
using EGov.Biometrics.Vision.Imaging;

namespace EGov.Biometrics.Benchmarks.Commands;

/// <summary><c>egov-bench pipeline</c>: median time per pipeline stage, end-to-end latency and throughput.</summary>
internal static class BenchPipelineCommand
{
    public static Command Create()
    {
        var image = new Option<FileInfo?>("--image") { Description = "Image with one face (default: a 640x480 desk frame cut from a sample test photo, --sample)." };
        var sample = new Option<int>("--sample")
        {
            Description = "Which sample photo (1-6) the desk frame is cut from, around its most confident face.",
            DefaultValueFactory = _ => 1,
        };
        var iterations = new Option<int>("--iterations") { Description = "Timed runs per stage.", DefaultValueFactory = _ => 100 };
        var seconds = new Option<double>("--seconds") { Description = "Duration of the throughput run.", DefaultValueFactory = _ => 5 };
        var json = new Option<bool>("--json") { Description = "Print JSON." };
        var command = new Command("pipeline", "Median time per pipeline stage, end-to-end latency and throughput.") { image, sample, iterations, seconds, json };
        command.SetAction(parse =>
        {
            var output = parse.InvocationConfiguration.Output;
            using var vision = new VisionContext();
            var (bytes, name) = LoadImage(vision, parse.GetValue(image), parse.GetValue(sample));
            var result = new PipelineBenchmark(vision.Pipeline)
                .Run(bytes, name, parse.GetValue(iterations), TimeSpan.FromSeconds(parse.GetValue(seconds)));
            if (parse.GetValue(json))
            {
                Json.Write(parse.InvocationConfiguration.Output, result with
                {
                    StagesMs = result.StagesMs.ToDictionary(kv => kv.Key, kv => Math.Round(kv.Value, 2)),
                    SequentialMs = Math.Round(result.SequentialMs, 2),
                    NecessaryMs = Math.Round(result.NecessaryMs, 2),
                    RatioToNecessary = Math.Round(result.RatioToNecessary, 3),
                    PoseModelMs = Math.Round(result.PoseModelMs, 2),
                    QualityLandmarkPoseMs = Math.Round(result.QualityLandmarkPoseMs, 2),
                    TotalMs = Math.Round(result.TotalMs, 2),
                    FacesPerSecond = Math.Round(result.FacesPerSecond, 1),
                });
            }
            else
            {
                output.WriteLine($"{result.Image} {result.Width}x{result.Height}, {result.Faces} face(s), medians of {result.Iterations} runs:");
                foreach (var (stage, ms) in result.StagesMs)
                {
                    output.WriteLine($"  {stage,-10} {ms,7:F2} ms");
                }

                output.WriteLine($"  {"sum",-10} {result.SequentialMs,7:F2} ms (stages one after another), {result.RatioToNecessary:F2}x the necessary {result.NecessaryMs:F2} ms (detect + embed + liveness)");
                output.WriteLine($"  of quality, the pose model alone: {result.PoseModelMs:F2} ms");
                output.WriteLine($"  quality with the landmark pose where it is clear of the gates (PoseSource.Landmarks): {result.QualityLandmarkPoseMs:F2} ms");
                var (m, l) = (result.ModelPose, result.LandmarkPose);
                output.WriteLine($"  head pose (yaw, pitch, roll): pose model {m.Yaw:F1}, {m.Pitch:F1}, {m.Roll:F1}; landmarks {l.Yaw:F1}, {l.Pitch:F1}, {l.Roll:F1} ({(result.LandmarkPoseClearOfGates ? "clear of the gates: the landmark pose decides" : "not clear of the gates by the tolerance: the pose model decides")})");
                output.WriteLine($"  {"total",-10} {result.TotalMs,7:F2} ms (pipeline, independent stages side by side)");
                output.WriteLine($"  throughput {result.FacesPerSecond:F1} faces/s with {result.Workers} workers on {result.Cores} cores");
            }

            return 0;
        });
        return command;
    }

    private static (byte[] Bytes, string Name) LoadImage(VisionContext vision, FileInfo? file, int sample)
    {
        if (file is not null)
        {
            return (File.ReadAllBytes(file.FullName), file.Name);
        }

        if (sample is < 1 or > 6)
        {
            throw new CommandException($"--sample must be 1 to 6, got {sample}.");
        }

        using var photo = ImageDecoder.DecodeFile(vision.Catalog.Store.AssetPath($"sample{sample}"));
        var best = vision.Pipeline.Detector.Detect(photo.Bgr).MaxBy(d => d.Score)
            ?? throw new CommandException($"No face found in the sample{sample} test photo.");
        return (PipelineBenchmark.MakeDeskFrame(photo.Bgr, best), $"sample{sample}-desk-640x480.jpg");
    }
}
