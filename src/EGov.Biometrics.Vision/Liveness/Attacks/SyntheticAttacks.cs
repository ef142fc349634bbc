using OpenCvSharp;

namespace EGov.Biometrics.Vision.Liveness.Attacks;

/// <summary>
/// Renders what a desk camera would see if a bona fide photo were presented as a print, on a screen or in a frame:
/// the artefacts each instrument adds, then the camera's own blur and noise. Deterministic for a seed. These are
/// synthetic: they test the detector against the artefacts modelled here, not against real instruments, so figures
/// measured on them are no certification (docs/security.md).
/// </summary>
public static class SyntheticAttacks
{
    /// <summary>The side of <see cref="DeskView"/>: a desk camera's view of one person, face about a quarter of it.</summary>
    public const int DeskViewSide = 480;

    /// <summary>
    /// A photo as a desk camera frames <paramref name="face"/>: a square four face heights wide (inside the photo),
    /// resampled to <see cref="DeskViewSide"/>. Attacks are rendered at this scale: their dots and stripes are drawn in
    /// camera pixels, so a 20-megapixel photo would smooth them away when the face is cropped.
    /// </summary>
    internal static Mat DeskView(Mat photo, Imaging.FaceBox face)
    {
        ArgumentNullException.ThrowIfNull(photo);
        var side = Math.Min(Math.Min(photo.Cols, photo.Rows), face.Height * 4);
        var region = LivenessContext.Region(face.SquareAround(side / LivenessContext.Scale), photo.Cols, photo.Rows);
        return Imaging.ImageTensor.CropResized(photo, region, new Size(DeskViewSide, DeskViewSide));
    }

    /// <summary>A new BGR image of the same size as <paramref name="bonaFide"/> (the caller disposes it).</summary>
    internal static Mat Render(Mat bonaFide, PaiSpecies species, int seed)
    {
        ArgumentNullException.ThrowIfNull(bonaFide);
        var random = new Random(seed);
        using var presented = species switch
        {
            PaiSpecies.PrintedPhoto => Print(bonaFide, random),
            PaiSpecies.ScreenReplay => Screen(bonaFide, random),
            PaiSpecies.FramedPhoto => Framed(bonaFide, random),
            _ => throw new ArgumentOutOfRangeException(nameof(species), species, "Unknown PAI species."),
        };
        return Camera(presented, random);
    }

    /// <summary>Paper: a reduced gamut with lifted blacks and dulled whites, a rotated halftone screen, fibre texture.</summary>
    internal static Mat Print(Mat image, Random random)
    {
        var f = Float(image);
        // Ink on paper: contrast squeezed between paper white and the deepest ink, colours desaturated.
        var black = 25 + (random.NextDouble() * 25);
        var white = 225 + (random.NextDouble() * 20);
        Desaturate(f, 0.65 + (random.NextDouble() * 0.2));
        f.ConvertTo(f, MatType.CV_32FC3, (white - black) / 255.0, black);

        // Halftone: a dot screen of 3 to 5 pixels at a screen angle, multiplied in.
        var period = 3 + (random.NextDouble() * 2);
        var angle = (15 + (random.NextDouble() * 30)) * Math.PI / 180;
        var depth = 0.10 + (random.NextDouble() * 0.08);
        using var dots = Pattern(image.Size(), (x, y) =>
        {
            var (u, v) = Rotate(x, y, angle);
            return (float)(1 - (depth * 0.5 * (1 + (Math.Cos(2 * Math.PI * u / period) * Math.Cos(2 * Math.PI * v / period)))));
        });
        MultiplyChannels(f, dots);

        // Paper fibre: fine noise, slightly smeared.
        using var fibre = new Mat(image.Size(), MatType.CV_32FC3);
        Cv2.Randn(fibre, new Scalar(0, 0, 0), new Scalar(4, 4, 4));
        Cv2.GaussianBlur(fibre, fibre, new Size(0, 0), 0.8);
        Cv2.Add(f, fibre, f);
        return Bytes(f);
    }

    /// <summary>A screen: each image pixel drawn by R, G and B stripes, seen through the camera's grid (moiré), with backlight and a glare patch.</summary>
    internal static Mat Screen(Mat image, Random random)
    {
        var f = Float(image);
        // Backlight: blacks lifted, a cool tint, slightly higher gamma.
        var black = 15 + (random.NextDouble() * 20);
        f.ConvertTo(f, MatType.CV_32FC3, (255 - black) / 255.0, black);
        var tint = new Scalar(1.06 + (random.NextDouble() * 0.06), 1.0, 0.94 - (random.NextDouble() * 0.04));
        Cv2.Multiply(f, tint, f);

        // Sub-pixel stripes at a non-integer period as the camera resamples them, a little rotated: moiré bands.
        var period = 2.4 + (random.NextDouble() * 1.6);
        var angle = (random.NextDouble() - 0.5) * 8 * Math.PI / 180;
        var depth = 0.18 + (random.NextDouble() * 0.12);
        var planes = Cv2.Split(f);
        try
        {
            for (var c = 0; c < 3; c++)
            {
                var phase = (2 - c) * 2 * Math.PI / 3; // R, G, B stripes side by side
                using var stripes = Pattern(image.Size(), (x, y) =>
                {
                    var (u, _) = Rotate(x, y, angle);
                    return (float)(1 - (depth * 0.5 * (1 + Math.Cos((2 * Math.PI * u / period) + phase))));
                });
                Cv2.Multiply(planes[c], stripes, planes[c]);
            }

            Cv2.Merge(planes, f);
        }
        finally
        {
            foreach (var p in planes)
            {
                p.Dispose();
            }
        }

        // Glare: a soft bright ellipse somewhere on the glass.
        var (w, h) = (image.Cols, image.Rows);
        var centre = new Point2d(w * (0.2 + (random.NextDouble() * 0.6)), h * (0.2 + (random.NextDouble() * 0.6)));
        var (ax, ay) = (w * (0.08 + (random.NextDouble() * 0.1)), h * (0.05 + (random.NextDouble() * 0.08)));
        var strength = 120 + (random.NextDouble() * 120);
        using var glare = Pattern(image.Size(), (x, y) =>
        {
            var d = (Math.Pow((x - centre.X) / ax, 2) + Math.Pow((y - centre.Y) / ay, 2));
            return (float)(strength * Math.Exp(-d));
        });
        var glare3 = new Mat();
        Cv2.Merge([glare, glare, glare], glare3);
        Cv2.Add(f, glare3, f);
        glare3.Dispose();
        return Bytes(f);
    }

    /// <summary>A print shrunk to 55–75 % inside a frame border on a plain background, with a skin-coloured hand at one edge.</summary>
    internal static Mat Framed(Mat image, Random random)
    {
        using var print = Print(image, random);
        var (w, h) = (image.Cols, image.Rows);
        var scale = 0.55 + (random.NextDouble() * 0.2);
        var (pw, ph) = ((int)(w * scale), (int)(h * scale));
        var border = Math.Max(4, (int)(Math.Min(pw, ph) * (0.04 + (random.NextDouble() * 0.04))));
        var background = new Scalar(90 + random.Next(80), 90 + random.Next(80), 90 + random.Next(80));
        var scene = new Mat(image.Size(), MatType.CV_8UC3, background);
        var x = (w - pw) / 2;
        var y = (h - ph) / 2;
        var frameColour = random.Next(2) == 0 ? new Scalar(30, 30, 35) : new Scalar(235, 235, 230);
        Cv2.Rectangle(scene, new Rect(x - border, y - border, pw + (2 * border), ph + (2 * border)), frameColour, -1);
        using var small = new Mat();
        Cv2.Resize(print, small, new Size(pw, ph), 0, 0, InterpolationFlags.Area);
        using (var place = new Mat(scene, new Rect(x, y, pw, ph)))
        {
            small.CopyTo(place);
        }

        // A hand holding the frame at its lower edge.
        var hand = new Point(x + (pw / 4) + random.Next(pw / 2), y + ph + border);
        Cv2.Ellipse(scene, hand, new Size(pw / 8, ph / 10), 0, 0, 360, new Scalar(120, 150, 205), -1, LineTypes.AntiAlias);
        return scene;
    }

    /// <summary>The desk camera looking at the instrument: slight defocus and sensor noise.</summary>
    private static Mat Camera(Mat presented, Random random)
    {
        var f = Float(presented);
        Cv2.GaussianBlur(f, f, new Size(0, 0), 0.5 + (random.NextDouble() * 0.3));
        using var noise = new Mat(presented.Size(), MatType.CV_32FC3);
        Cv2.Randn(noise, new Scalar(0, 0, 0), new Scalar(2, 2, 2));
        Cv2.Add(f, noise, f);
        return Bytes(f);
    }

    private static Mat Float(Mat image)
    {
        var f = new Mat();
        image.ConvertTo(f, MatType.CV_32FC3);
        return f;
    }

    private static Mat Bytes(Mat f)
    {
        var bytes = new Mat();
        f.ConvertTo(bytes, MatType.CV_8UC3);
        f.Dispose();
        return bytes;
    }

    private static void Desaturate(Mat f, double keep)
    {
        using var grey = new Mat();
        Cv2.CvtColor(f, grey, ColorConversionCodes.BGR2GRAY);
        using var grey3 = new Mat();
        Cv2.CvtColor(grey, grey3, ColorConversionCodes.GRAY2BGR);
        Cv2.AddWeighted(f, keep, grey3, 1 - keep, 0, f);
    }

    private static void MultiplyChannels(Mat f, Mat pattern)
    {
        using var pattern3 = new Mat();
        Cv2.Merge([pattern, pattern, pattern], pattern3);
        Cv2.Multiply(f, pattern3, f);
    }

    private static Mat Pattern(Size size, Func<int, int, float> value)
    {
        var pattern = new Mat(size, MatType.CV_32FC1);
        for (var y = 0; y < size.Height; y++)
        {
            var row = Row(pattern, y);
            for (var x = 0; x < size.Width; x++)
            {
                row[x] = value(x, y);
            }
        }

        return pattern;
    }

    private static unsafe Span<float> Row(Mat image, int y) => new((void*)image.Ptr(y), image.Cols);

    private static (double U, double V) Rotate(int x, int y, double angle) =>
        ((x * Math.Cos(angle)) + (y * Math.Sin(angle)), (-x * Math.Sin(angle)) + (y * Math.Cos(angle)));
}
