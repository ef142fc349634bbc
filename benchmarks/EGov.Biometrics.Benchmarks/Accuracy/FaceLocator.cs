using System.Collections.Concurrent;
using EGov.Biometrics.Vision.Detection;
using EGov.Biometrics.Vision.Imaging;
using EGov.Biometrics.Vision.Pipeline;

namespace EGov.Biometrics.Benchmarks.Accuracy;

/// <summary>
/// Finds the subject of each image once, for every embedder variant to reuse. LFW centres the subject,
/// so the detection nearest the centre wins. Where nothing is found, the documented fallback is a
/// centred box of half the image side, which the landmark model then reads as usual; such images are counted.
/// With <paramref name="portraitFallbacks"/> the faces are found as photos to enrol are (the detector, then
/// <see cref="FacePipeline.FaceFinder"/>'s fallbacks); without, by the detector alone.
/// </summary>
public sealed class FaceLocator(FacePipeline pipeline, bool portraitFallbacks = false)
{
    private readonly IFaceDetector _detector = portraitFallbacks ? pipeline.FaceFinder : pipeline.Detector;

    public IReadOnlyDictionary<string, LocatedFace> LocateAll(IEnumerable<string> paths)
    {
        var located = new ConcurrentDictionary<string, LocatedFace>();
        Parallel.ForEach(paths.Distinct(), new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, path =>
        {
            using var image = ImageDecoder.DecodeFile(path);
            located[path] = Locate(image);
        });
        return located;
    }

    public LocatedFace Locate(DecodedImage image)
    {
        var (cx, cy) = (image.Width / 2f, image.Height / 2f);
        var best = _detector.Detect(image.Bgr)
            .MinBy(d => Math.Abs(d.Box.CenterX - cx) + Math.Abs(d.Box.CenterY - cy));
        var fallback = best is null;
        best ??= new FaceDetection(new FaceBox(cx - (image.Width / 4f), cy - (image.Height / 4f), image.Width / 2f, image.Height / 2f), 0);
        return new LocatedFace(best, pipeline.Landmarker.Locate(image.Bgr, best.Box), fallback);
    }
}
