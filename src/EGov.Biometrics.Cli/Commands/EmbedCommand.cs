using System.CommandLine;
using EGov.Biometrics.Cli.Output;
using EGov.Biometrics.Vision.Imaging;
using EGov.Biometrics.Vision.Pipeline;
using OpenCvSharp;

namespace EGov.Biometrics.Cli.Commands;

/// <summary><c>egov-bio embed IMAGE [--model ID] [--json] [--aligned-out DIR]</c>: an embedding per face, and the aligned crops to look at.</summary>
internal static class EmbedCommand
{
    public static Command Create()
    {
        var image = new Argument<FileInfo>("image") { Description = "Image file." };
        var model = new Option<string?>("--model") { Description = "Embedder to use, by manifest id (default: the manifest's default embedder)." };
        var json = new Option<bool>("--json") { Description = "Print JSON instead of a summary." };
        var alignedOut = new Option<DirectoryInfo?>("--aligned-out") { Description = "Write each aligned crop as a PNG into this folder." };
        var command = new Command("embed", "Compute a face embedding for every face.") { image, model, json, alignedOut };
        command.SetAction(parse =>
        {
            var output = parse.InvocationConfiguration.Output;
            var file = parse.GetRequiredValue(image);
            var outDir = parse.GetValue(alignedOut);
            using var vision = new VisionContext();
            using var decoded = ImageDecoder.DecodeFile(file.FullName);
            var pipeline = vision.PipelineFor(parse.GetValue(model));
            var embedder = pipeline.Embedder;
            var faces = pipeline.Analyze(decoded.Bgr, new AnalysisOptions { Quality = false, Liveness = false });
            try
            {
                outDir?.Create();
                var items = faces.Select((f, i) =>
                {
                    string? alignedPath = null;
                    if (outDir is not null)
                    {
                        alignedPath = Path.Combine(outDir.FullName, $"{Path.GetFileNameWithoutExtension(file.Name)}_face{i + 1}.png");
                        Cv2.ImWrite(alignedPath, f.Aligned.Image);
                    }

                    return new EmbeddedFaceJson(
                        BoxJson.From(f.Detection.Box), BoxJson.Round(f.Detection.Score, 4), DetectionJson.Name(f.Detection.Method), alignedPath, f.Embedding!.Vector);
                }).ToList();

                var result = new EmbedJson(embedder.ModelId, embedder.ModelVersion, items.FirstOrDefault()?.Embedding.Length ?? 0, file.Name, items);
                if (parse.GetValue(json))
                {
                    Json.Write(parse.InvocationConfiguration.Output, result);
                }
                else
                {
                    output.WriteLine($"{file.Name}: {items.Count} face(s), model {embedder.ModelId} {embedder.ModelVersion}");
                    foreach (var (item, i) in items.Select((x, i) => (x, i)))
                    {
                        var head = string.Join(", ", item.Embedding.Take(4).Select(v => v.ToString("F4", System.Globalization.CultureInfo.InvariantCulture)));
                        output.WriteLine($"  face {i + 1}: box {item.Box.X:F0},{item.Box.Y:F0},{item.Box.W:F0},{item.Box.H:F0} ({item.Detection})  [{head}, …] {item.Aligned}");
                    }
                }
            }
            finally
            {
                foreach (var face in faces)
                {
                    face.Dispose();
                }
            }

            return 0;
        });
        return command;
    }
}
