using EGov.Biometrics.Vision.Imaging;
using OpenCvSharp;

namespace EGov.Biometrics.Vision.Tests;

/// <summary>
/// Portrait-shaped (9:11) images that show no face: plain fields, textures, and face-free patches of the sample photos
/// (clothes, hands, furniture, background), far from every face the detector finds there.
/// </summary>
public static class NonFaceImages
{
    public static readonly string[] Names =
    [
        "grey", "black", "white", "noise", "blurred noise", "coarse blurred noise", "checkerboard", "stripes", "gradient",
        "photo patch 1", "photo patch 2", "photo patch 3", "photo patch 4",
    ];

    /// <summary>The image <paramref name="name"/>, <paramref name="width"/> pixels wide (the caller disposes it).</summary>
    public static Mat Make(string name, int width, VisionFixture vision)
    {
        var size = new Size(width, (int)Math.Round(width * 11 / 9.0));
        using var grey = name switch
        {
            "grey" => new Mat(size, MatType.CV_8UC1, new Scalar(128)),
            "black" => new Mat(size, MatType.CV_8UC1, new Scalar(0)),
            "white" => new Mat(size, MatType.CV_8UC1, new Scalar(255)),
            "noise" => Noise(size, 0),
            "blurred noise" => Noise(size, size.Width / 30.0),
            "coarse blurred noise" => Noise(size, size.Width / 10.0),
            "checkerboard" => Pattern(size, (x, y) => ((x * 8 / size.Width) + (y * 8 / size.Width)) % 2 * 255),
            "stripes" => Pattern(size, (x, y) => (int)(127.5 + (127.5 * Math.Sin(x * 2 * Math.PI * 6 / size.Width)))),
            "gradient" => Pattern(size, (x, y) => 255 * (x + y) / (size.Width + size.Height)),
            _ => PhotoPatch(int.Parse(name["photo patch ".Length..], System.Globalization.CultureInfo.InvariantCulture), size, vision),
        };
        var bgr = new Mat();
        Cv2.CvtColor(grey, bgr, ColorConversionCodes.GRAY2BGR);
        return bgr;
    }

    private static Mat Noise(Size size, double sigma)
    {
        var noise = new Mat(size, MatType.CV_8UC1);
        Cv2.SetTheRNG(20261213);
        Cv2.Randu(noise, new Scalar(0), new Scalar(256));
        if (sigma > 0)
        {
            Cv2.GaussianBlur(noise, noise, new Size(0, 0), sigma);
            Cv2.Normalize(noise, noise, 0, 255, NormTypes.MinMax);
        }

        return noise;
    }

    private static Mat Pattern(Size size, Func<int, int, int> value)
    {
        var image = new Mat(size, MatType.CV_8UC1);
        for (var y = 0; y < size.Height; y++)
        {
            for (var x = 0; x < size.Width; x++)
            {
                image.Set(y, x, (byte)Math.Clamp(value(x, y), 0, 255));
            }
        }

        return image;
    }

    /// <summary>
    /// The <paramref name="index"/>-th 9:11 region, 360 pixels wide, on a grid over the sample photos (sample 1 first)
    /// that stays clear of every detected face grown to twice its size: no face, nor part of one, is in it.
    /// </summary>
    private static Mat PhotoPatch(int index, Size size, VisionFixture vision)
    {
        const int Width = 360, Height = 440, Step = 120;
        var found = 0;
        for (var sample = 1; sample <= 6; sample++)
        {
            var photo = vision.Sample(sample).Bgr;
            var (rows, cols) = (photo.Rows, photo.Cols);
            var faces = vision.Pipeline.Detector.Detect(photo).Select(f => f.Box.SquareAround(2 * Math.Max(f.Box.Width, f.Box.Height))).ToList();
            for (var y = 0; y + Height <= rows; y += Step)
            {
                for (var x = 0; x + Width <= cols; x += Step)
                {
                    var region = new FaceBox(x, y, Width, Height);
                    if (faces.Any(f => f.IntersectionOverUnion(region) > 0) || ++found < index * 7)
                    {
                        continue;
                    }

                    using var patch = ImageTensor.CropResized(photo, region, size);
                    var grey = new Mat();
                    Cv2.CvtColor(patch, grey, ColorConversionCodes.BGR2GRAY);
                    return grey;
                }
            }
        }

        throw new InvalidOperationException($"The sample photos hold fewer than {index * 7} face-free patches.");
    }
}
