using EGov.Biometrics.Vision.Detection;
using EGov.Biometrics.Vision.Pipeline;
using OpenCvSharp;

namespace EGov.Biometrics.Benchmarks.Accuracy;

/// <summary>
/// False faces on images that hold none: blurred uniform noise, grain from none to a quarter of the width (seven
/// sizes), portrait-shaped, from 32 to 600 pixels wide (six sizes), ten of each (420 images, the same every run).
/// Counted for the detector alone and for <see cref="FacePipeline.FaceFinder"/> by method, so that what the fallbacks
/// add shows apart from what the detector finds on its own.
/// </summary>
public static class NonFaceCheck
{
    private static readonly int[] Widths = [32, 45, 90, 150, 300, 600];

    private static readonly double[] Grains = [0, 1.0 / 60, 1.0 / 30, 1.0 / 15, 1.0 / 10, 1.0 / 6, 1.0 / 4];

    private const int PerKind = 10;

    public static NonFaceReport Run(FacePipeline pipeline)
    {
        var (images, direct) = (0, 0);
        var byMethod = new SortedDictionary<string, int>(StringComparer.Ordinal);
        Cv2.SetTheRNG(20261213);
        foreach (var width in Widths)
        {
            foreach (var grain in Grains)
            {
                for (var i = 0; i < PerKind; i++)
                {
                    using var image = Noise(width, grain * width);
                    images++;
                    direct += pipeline.Detector.Detect(image).Count;
                    foreach (var face in pipeline.FaceFinder.Detect(image))
                    {
                        var name = face.Method.ToString().ToLowerInvariant();
                        byMethod[name] = byMethod.GetValueOrDefault(name) + 1;
                    }
                }
            }
        }

        return new NonFaceReport(images, direct, byMethod);
    }

    private static Mat Noise(int width, double sigma)
    {
        using var grey = new Mat((int)Math.Round(width * 11 / 9.0), width, MatType.CV_8UC1);
        Cv2.Randu(grey, new Scalar(0), new Scalar(256));
        if (sigma > 0)
        {
            Cv2.GaussianBlur(grey, grey, new Size(0, 0), sigma);
            Cv2.Normalize(grey, grey, 0, 255, NormTypes.MinMax);
        }

        var bgr = new Mat();
        Cv2.CvtColor(grey, bgr, ColorConversionCodes.GRAY2BGR);
        return bgr;
    }
}
