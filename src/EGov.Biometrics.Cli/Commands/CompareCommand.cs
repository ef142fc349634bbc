using System.CommandLine;
using EGov.Biometrics.Cli.Output;
using EGov.Biometrics.Vision.Embedding;
using EGov.Biometrics.Vision.Imaging;
using EGov.Biometrics.Vision.Pipeline;

namespace EGov.Biometrics.Cli.Commands;

/// <summary><c>egov-bio compare A B [--model ID] [--json]</c>: the largest face of each, compared at the embedder's default operating point.</summary>
internal static class CompareCommand
{
    public static Command Create()
    {
        var first = new Argument<FileInfo>("image-a") { Description = "First image." };
        var second = new Argument<FileInfo>("image-b") { Description = "Second image." };
        var model = new Option<string?>("--model") { Description = "Embedder to use, by manifest id (default: the manifest's default embedder)." };
        var json = new Option<bool>("--json") { Description = "Print JSON instead of a sentence." };
        var command = new Command("compare", "Compare the largest face of two images.") { first, second, model, json };
        command.SetAction(parse =>
        {
            var output = parse.InvocationConfiguration.Output;
            using var vision = new VisionContext();
            var pipeline = vision.PipelineFor(parse.GetValue(model));
            var a = LargestFaceEmbedding(pipeline, parse.GetRequiredValue(first));
            var b = LargestFaceEmbedding(pipeline, parse.GetRequiredValue(second));
            var point = pipeline.Embedder.Calibration.Default;
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

    private static FaceEmbedding LargestFaceEmbedding(FacePipeline pipeline, FileInfo file)
    {
        using var decoded = ImageDecoder.DecodeFile(file.FullName);
        var faces = pipeline.Analyze(decoded.Bgr, new AnalysisOptions { Quality = false, Liveness = false, MaxFaces = 1 });
        if (faces.Count == 0)
        {
            throw new CommandException($"No face found in {file.Name}.");
        }

        using var face = faces[0];
        return face.Embedding!;
    }
}
