using EGov.Biometrics.Vision.Imaging;
using EGov.Biometrics.Vision.Models;
using EGov.Biometrics.Vision.Onnx;
using EGov.Biometrics.Vision.Pipeline;
using OpenCvSharp;

namespace EGov.Biometrics.Benchmarks.Tests;

/// <summary>
/// A tiny dataset in LFW's layout, built from the faces of the six test photos (every face is a different
/// person): two 250x250 images per person (the crop, and a brighter, slightly rotated copy) and a pairs.txt
/// of two folds with three matched and three mismatched pairs each.
/// </summary>
internal static class SyntheticLfw
{
    public static void Write(string root)
    {
        var store = ModelStore.Discover();
        using var catalog = new ModelCatalog(store);
        var detector = FacePipeline.Create(catalog).Detector;
        var people = new List<string>();
        for (var sample = 1; sample <= 6; sample++)
        {
            using var photo = ImageDecoder.DecodeFile(store.AssetPath($"sample{sample}"));
            foreach (var face in detector.Detect(photo.Bgr))
            {
                var name = $"Person_{people.Count + 1:D2}";
                var dir = Directory.CreateDirectory(Path.Combine(root, "images", name)).FullName;
                using var crop = ImageTensor.CropResized(photo.Bgr, face.Box.SquareAround(face.Box.Height * 2.2f), new Size(250, 250));
                crop.SaveImage(Path.Combine(dir, $"{name}_0001.jpg"));
                using var rotation = Cv2.GetRotationMatrix2D(new Point2f(125, 125), 6, 1);
                using var copy = new Mat();
                Cv2.WarpAffine(crop, copy, rotation, crop.Size(), InterpolationFlags.Linear, BorderTypes.Reflect101);
                copy.ConvertTo(copy, -1, 1.1, 20);
                copy.SaveImage(Path.Combine(dir, $"{name}_0002.jpg"));
                people.Add(name);
            }
        }

        var lines = new List<string> { "2\t3" };
        for (var fold = 0; fold < 2; fold++)
        {
            lines.AddRange(Enumerable.Range(0, 3).Select(i => $"{people[(fold * 6) + i]}\t1\t2"));
            lines.AddRange(Enumerable.Range(0, 3).Select(i => $"{people[(fold * 6) + i]}\t1\t{people[(fold * 6) + i + 3]}\t2"));
        }

        File.WriteAllLines(Path.Combine(root, "pairs.txt"), lines);
    }
}
