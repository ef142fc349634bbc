using EGov.Biometrics.Vision.Imaging;
using EGov.Biometrics.Vision.Onnx;
using EGov.Biometrics.Vision.Pipeline;

namespace EGov.Biometrics.Benchmarks.Accuracy;

/// <summary>
/// <c>lfw --variant portrait</c>: the LFW protocols on registry-style portraits (<see cref="LfwPortraits"/>), beside the
/// original images measured in the same run. The portraits are cut around the faces the detector finds in the
/// originals; the originals' faces are then found by the detector alone (as for the headline figure), the portraits'
/// as photos to enrol are: the detector, then the portrait fallbacks.
/// </summary>
public sealed class PortraitLfwBenchmark(FacePipeline pipeline, ModelCatalog catalog, Action<string> progress)
{
    public PortraitLfwReport Run(LfwDataset data, LfwPortraits cut, EmbeddingVariant primary, bool identification, string cacheRoot, string? plotDirectory)
    {
        var images = identification
            ? data.People.Values.SelectMany(v => v).ToList()
            : data.Pairs.SelectMany(p => new[] { p.First, p.Second }).Distinct().ToList();
        progress($"locating the subject in {images.Count} original images to cut the portraits");
        var located = new FaceLocator(pipeline).LocateAll(images);
        progress($"cutting the portraits ({cut.Describe}) into {cacheRoot}");
        var portraits = cut.Build(data, located, cacheRoot);

        progress("original images");
        var original = new LfwBenchmark(pipeline, catalog, progress).Run(data, [primary], identification: false, plotDirectory: null);
        progress("portraits");
        var portrait = new LfwBenchmark(pipeline, catalog, progress, portraitFallbacks: true, imageSet: $"{cut.Width}x{cut.Height} grey portraits").Run(portraits, [primary], identification, plotDirectory);
        progress("time to find the face: the detector alone and the finder, portrait by portrait");
        var timing = FindingTime(portraits.Pairs.SelectMany(p => new[] { p.First, p.Second }).Distinct().Take(200).ToList());
        progress("false faces on images without a face");
        var nonFaces = NonFaceCheck.Run(pipeline);
        return new PortraitLfwReport(
            cut.Describe,
            portraits.Root,
            pipeline.FaceFinder.Options,
            1 - (portrait.DetectFallbacks / (double)portrait.PairImages),
            (original.AccuracyMean - portrait.AccuracyMean) * 100,
            nonFaces,
            timing.Detector,
            timing.Finder,
            original,
            portrait);
    }

    // Medians over the portraits of one run each, the two one after the other per portrait on one thread, after a warm-up.
    private (double Detector, double Finder) FindingTime(IReadOnlyList<string> paths)
    {
        var (detector, finder) = (new List<double>(paths.Count), new List<double>(paths.Count));
        foreach (var path in paths)
        {
            using var image = ImageDecoder.DecodeFile(path);
            detector.Add(Stopwatches.MedianMs(() => pipeline.Detector.Detect(image.Bgr), runs: 1, warmup: 1));
            finder.Add(Stopwatches.MedianMs(() => pipeline.FaceFinder.Detect(image.Bgr), runs: 1, warmup: 1));
        }

        return (Stopwatches.Median(detector), Stopwatches.Median(finder));
    }
}
