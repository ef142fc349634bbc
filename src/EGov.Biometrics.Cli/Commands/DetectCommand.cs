using System.CommandLine;
using EGov.Biometrics.Cli.Output;
using EGov.Biometrics.Vision.Imaging;

namespace EGov.Biometrics.Cli.Commands;

/// <summary><c>egov-bio detect IMAGE [--json]</c>: faces with box, score, five landmarks, quality and liveness.</summary>
internal static class DetectCommand
{
    public static Command Create()
    {
        var image = new Argument<FileInfo>("image") { Description = "Image file (JPEG, JPEG 2000, PNG, TIFF, BMP, WebP or Netpbm)." };
        var json = new Option<bool>("--json") { Description = "Print JSON instead of a table." };
        var command = new Command("detect", "Detect faces and report landmarks, quality and liveness.") { image, json };
        command.SetAction(parse =>
        {
            var file = parse.GetRequiredValue(image);
            using var vision = new VisionContext();
            using var decoded = ImageDecoder.DecodeFile(file.FullName);
            var faces = vision.Pipeline.Analyze(decoded.Bgr, Vision.Pipeline.AnalysisOptions.All with { Embed = false });
            try
            {
                var result = new DetectJson(file.Name, decoded.Width, decoded.Height, faces.Select(DetectedFaceJson.From).ToList());
                if (parse.GetValue(json))
                {
                    Json.Write(parse.InvocationConfiguration.Output, result);
                }
                else
                {
                    WriteTable(parse.InvocationConfiguration.Output, result);
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

    private static void WriteTable(TextWriter output, DetectJson result)
    {
        output.WriteLine($"{result.Image}: {result.Width}x{result.Height}, {result.Faces.Count} face(s)");
        output.WriteLine($"{"#",2} {"box (x,y,w,h)",-26} {"found by",9} {"score",6} {"quality",8} {"liveness",9} {"yaw/pitch/roll",16}  gates");
        var i = 0;
        foreach (var f in result.Faces)
        {
            var q = f.Quality!;
            var box = $"{f.Box.X:F0},{f.Box.Y:F0},{f.Box.W:F0},{f.Box.H:F0}";
            var pose = $"{q.Yaw:F0}/{q.Pitch:F0}/{q.Roll:F0}";
            var gates = q.Passed ? "pass" : string.Join("; ", q.Failures);
            output.WriteLine($"{++i,2} {box,-26} {f.Detection,9} {f.Score,6:F3} {q.Overall,8:F3} {f.Liveness,9:F3} {pose,16}  {gates}");
        }
    }
}
