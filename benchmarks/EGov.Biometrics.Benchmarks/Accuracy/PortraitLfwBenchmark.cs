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
        var portrait = new LfwBenchmark(pipeline, catalog, progress, portraitFallbacks: true).Run(portraits, [primary], identification, plotDirectory);
        return new PortraitLfwReport(
            cut.Describe,
            portraits.Root,
            pipeline.FaceFinder.Options.FillsFrame,
            1 - (portrait.DetectFallbacks / (double)portrait.PairImages),
            (original.AccuracyMean - portrait.AccuracyMean) * 100,
            original,
            portrait);
    }
}
