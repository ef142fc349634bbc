using System.CommandLine;
using EGov.Biometrics.Cli.Output;
using EGov.Biometrics.Vision.Embedding;
using EGov.Biometrics.Vision.Imaging;
using EGov.Biometrics.Vision.Pipeline;

namespace EGov.Biometrics.Cli.Commands;

/// <summary><c>egov-bio compare A B [--json]</c>: the largest face of each, compared at the default operating point.</summary>
internal static class CompareCommand
{
    public static Command Create()
    {
        var first = new Argument<FileInfo>("image-a") { Description = "First image." };
        var second = new Argument<FileInfo>("image-b") { Description = "Second image." };
        var json = new Option<bool>("--json") { Description = "Print JSON instead of a sentence." };
        var command = new Command("compare", "Compare the largest face of two images.") { first, second, json };
        command.SetAction(parse =>
        {
            var output = parse.InvocationConfiguration.Output;
            using var vision = new VisionContext();
            var a = LargestFaceEmbedding(vision, parse.GetRequiredValue(first));
            var b = LargestFaceEmbedding(vision, parse.GetRequiredValue(second));
            var point = vision.Pipeline.Embedder.Calibration.Default;
            var similarity = a.Similarity(b);
            var result = new CompareJson(BoxJson.Round(similarity, 4), point.Threshold, point.Fmr, similarity >= point.Threshold, a.ModelId);
            if (parse.GetValue(json))
            {
                Json.Write(parse.InvocationConfiguration.Output, result);
            }
            else
            {
                output.WriteLine($"similarity {result.Similarity:F4}, threshold {point.Threshold:F4} at FMR {point.Fmr:0.#e0}: {(result.Match ? "match" : "no match")}");
            }

            return 0;
        });
        return command;
    }

    private static FaceEmbedding LargestFaceEmbedding(VisionContext vision, FileInfo file)
    {
        using var decoded = ImageDecoder.DecodeFile(file.FullName);
        var faces = vision.Pipeline.Analyze(decoded.Bgr, new AnalysisOptions { Quality = false, Liveness = false, MaxFaces = 1 });
        if (faces.Count == 0)
        {
            throw new CommandException($"No face found in {file.Name}.");
        }

        using var face = faces[0];
        return face.Embedding!;
    }
}
