using EGov.Biometrics.Vision.Imaging;
using OpenCvSharp;

namespace EGov.Biometrics.Benchmarks.Accuracy;

/// <summary>
/// LFW as a registry holds its photos (issue 13): each image's subject cut tight around the face box the detector
/// found in the original (the box grown to the portrait's 9:11 aspect, no margin, so the forehead and the chin touch
/// the edges), shrunk to <see cref="Width"/> pixels wide (90x110 by default) and made greyscale. Written once as 8-bit
/// grey PNG files under a cache folder named after the rule, and read back through <see cref="ImageDecoder"/> as any
/// upload is.
/// </summary>
public sealed record LfwPortraits(int Width = 90)
{
    public int Height => (int)Math.Round(Width * 11 / 9.0);

    public string Describe => $"the face box grown to 9:11 (no margin), {Width}x{Height}, greyscale PNG";

    /// <summary>The portrait variant of <paramref name="data"/>: the images of <paramref name="located"/> cut into <paramref name="cacheRoot"/> (those already there reused).</summary>
    public LfwDataset Build(LfwDataset data, IReadOnlyDictionary<string, LocatedFace> located, string cacheRoot)
    {
        var root = Path.Combine(cacheRoot, $"portrait-{Width}x{Height}-grey");
        string Map(string path) =>
            Path.Combine(root, "images", Path.GetFileName(Path.GetDirectoryName(path)!), Path.ChangeExtension(Path.GetFileName(path), ".png"));

        Parallel.ForEach(located, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, item =>
        {
            var target = Map(item.Key);
            if (File.Exists(target))
            {
                return;
            }

            using var image = ImageDecoder.DecodeFile(item.Key);
            using var portrait = Cut(image.Bgr, item.Value.Detection.Box);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            var temporary = $"{target}.{Environment.ProcessId}.tmp";
            File.WriteAllBytes(temporary, portrait.ImEncode(".png"));
            File.Move(temporary, target, overwrite: true); // a crash leaves no half-written portrait behind
        });
        return data.WithImages(root, Map);
    }

    /// <summary>The tight greyscale portrait around <paramref name="face"/> (one channel); parts outside the image are black.</summary>
    public Mat Cut(Mat bgr, FaceBox face)
    {
        var height = Math.Max(face.Height, face.Width * 11 / 9);
        var width = height * 9 / 11;
        using var crop = ImageTensor.CropResized(bgr, new FaceBox(face.CenterX - (width / 2), face.CenterY - (height / 2), width, height), new Size(Width, Height));
        var grey = new Mat();
        Cv2.CvtColor(crop, grey, ColorConversionCodes.BGR2GRAY);
        return grey;
    }
}
