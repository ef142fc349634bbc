using System.CommandLine;
using EGov.Biometrics.Vision.Imaging;
using OpenCvSharp;

namespace EGov.Biometrics.Cli.Commands;

/// <summary>
/// <c>egov-bio portrait IMAGE --out FILE [--face N] [--scale S]</c>: a one-person JPEG cut around one face of a
/// photo (the largest unless told), for a registry or demo photo that shows bystanders (the server refuses photos
/// of several people).
/// </summary>
internal static class PortraitCommand
{
    public static Command Create()
    {
        var image = new Argument<FileInfo>("image") { Description = "Image file (JPEG, JPEG 2000, PNG, TIFF, BMP, WebP or Netpbm)." };
        var output = new Option<FileInfo>("--out") { Description = "The portrait's JPEG file.", Required = true };
        var face = new Option<int>("--face") { Description = "Which face, numbered as 'detect' lists them (largest first).", DefaultValueFactory = _ => 1 };
        var scale = new Option<float>("--scale") { Description = "The portrait's side in face heights.", DefaultValueFactory = _ => Portrait.DefaultScale };
        var command = new Command("portrait", "Cut a head-and-shoulders portrait of one face out of a photo.") { image, output, face, scale };
        command.SetAction(parse =>
        {
            var file = parse.GetRequiredValue(image);
            var target = parse.GetRequiredValue(output);
            var index = parse.GetValue(face);
            var side = parse.GetValue(scale);
            if (side < 1f)
            {
                throw new CommandException($"--scale must be at least 1 (the face itself), got {side}.");
            }

            using var vision = new VisionContext();
            using var decoded = ImageDecoder.DecodeFile(file.FullName);
            var boxes = vision.Pipeline.Detector.Detect(decoded.Bgr).Select(d => d.Box).OrderByDescending(b => b.Area).ToList();
            if (index < 1 || index > boxes.Count)
            {
                throw new CommandException($"{file.Name} shows {boxes.Count} face(s); --face {index} is not one of them.");
            }

            using var portrait = Portrait.Cut(decoded.Bgr, boxes[index - 1], boxes, side);
            target.Directory?.Create();
            Cv2.ImWrite(target.FullName, portrait, new ImageEncodingParam(ImwriteFlags.JpegQuality, 95));
            parse.InvocationConfiguration.Output.WriteLine($"{target.Name}: {portrait.Cols}x{portrait.Rows} around face {index} of {boxes.Count} in {file.Name}");
            return 0;
        });
        return command;
    }
}
