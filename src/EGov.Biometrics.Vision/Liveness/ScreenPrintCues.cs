using OpenCvSharp;

namespace EGov.Biometrics.Vision.Liveness;

/// <summary>
/// Measures <see cref="PadCues"/> on a context crop: what a screen or a print adds to a face that a camera sees
/// directly — periodic structure (moiré, halftone, sub-pixel stripes) in the fine detail, lifted blacks and glare.
/// Pure image statistics, no model; the thresholds come from bona fide images (<see cref="PadCalibration"/>).
/// </summary>
public static class ScreenPrintCues
{
    // Periods of 2 to 8 pixels at the crop's side: finer than skin and hair texture, coarser than noise.
    private const int MinFrequencyDivisor = 8;
    private const int PeaksAveraged = 6;
    private const int StripeBands = 4;

    /// <summary>The screen and print cues of a context crop.</summary>
    internal static PadCues Measure(Mat context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Channels() != 3 || context.Depth() != MatType.CV_8U)
        {
            throw new ArgumentException($"A context crop is an 8-bit BGR image, got {context.Type()}.", nameof(context));
        }

        using var grey = new Mat();
        Cv2.CvtColor(context, grey, ColorConversionCodes.BGR2GRAY);
        return new PadCues(Moire(grey), Stripes(context), BlackLevel(grey), Glare(context));
    }

    /// <summary>Mean of the few highest peaks of the log spectrum above its local surroundings, away from the axes (edges put energy there).</summary>
    internal static float Moire(Mat grey)
    {
        using var magnitude = LogSpectrum(grey);
        using var background = new Mat();
        Cv2.Blur(magnitude, background, new Size(9, 9));
        using var prominence = new Mat();
        Cv2.Subtract(magnitude, background, prominence);

        var (rows, cols) = (prominence.Rows, prominence.Cols);
        var min = Math.Min(rows, cols) / MinFrequencyDivisor;
        var peaks = new List<float>();
        for (var y = 0; y < rows; y++)
        {
            var row = Row(prominence, y);
            var v = y <= rows / 2 ? y : y - rows;
            for (var x = 0; x <= cols / 2; x++)
            {
                var u = x;
                if (Math.Abs(u) <= 2 || Math.Abs(v) <= 2)
                {
                    continue;
                }

                var r = Math.Sqrt((u * u) + (v * v));
                if (r >= min && r <= Math.Min(rows, cols) / 2)
                {
                    peaks.Add(row[x]);
                }
            }
        }

        return TopMean(peaks, PeaksAveraged);
    }

    /// <summary>Periodicity of red minus blue along rows (vertical stripes) and along columns (horizontal ones).</summary>
    internal static float Stripes(Mat bgr)
    {
        var channels = Cv2.Split(bgr);
        try
        {
            using var chroma = new Mat();
            using var red = new Mat();
            using var blue = new Mat();
            channels[2].ConvertTo(red, MatType.CV_32F);
            channels[0].ConvertTo(blue, MatType.CV_32F);
            Cv2.Subtract(red, blue, chroma);
            using var transposed = chroma.T().ToMat();
            return Math.Max(BandedPeak(chroma), BandedPeak(transposed));
        }
        finally
        {
            foreach (var c in channels)
            {
                c.Dispose();
            }
        }
    }

    // Columns averaged within horizontal bands: a screen tilted by a few degrees still lines up within a band, where
    // averaging all rows would wash its stripes out. The bands' mean: a screen stripes every band, a texture one.
    private static float BandedPeak(Mat chroma)
    {
        var height = chroma.Rows / StripeBands;
        var peaks = new float[StripeBands];
        for (var b = 0; b < StripeBands; b++)
        {
            using var band = chroma.RowRange(b * height, (b + 1) * height);
            using var columns = new Mat();
            Cv2.Reduce(band, columns, ReduceDimension.Row, ReduceTypes.Avg, MatType.CV_32F);
            peaks[b] = ProfilePeak(columns);
        }

        return peaks.Average();
    }

    internal static float BlackLevel(Mat grey)
    {
        using var hist = new Mat();
        Cv2.CalcHist([grey], [0], null, hist, 1, [256], [new Rangef(0, 256)]);
        var total = grey.Rows * grey.Cols;
        var seen = 0f;
        for (var i = 0; i < 256; i++)
        {
            seen += hist.At<float>(i);
            if (seen >= total * 0.01f)
            {
                return i;
            }
        }

        return 255;
    }

    /// <summary>Share of the middle half of the crop (the face, at 2.7 times its box) that is near-white and colourless.</summary>
    internal static float Glare(Mat bgr)
    {
        var (w, h) = (bgr.Cols, bgr.Rows);
        using var face = new Mat(bgr, new Rect(w / 4, h / 4, w / 2, h / 2));
        using var hsv = new Mat();
        Cv2.CvtColor(face, hsv, ColorConversionCodes.BGR2HSV);
        using var white = new Mat();
        Cv2.InRange(hsv, new Scalar(0, 0, 245), new Scalar(180, 40, 255), white);
        return (float)Cv2.CountNonZero(white) / (face.Rows * face.Cols);
    }

    // The log magnitude of the high-passed, windowed image's spectrum.
    private static Mat LogSpectrum(Mat grey)
    {
        using var f = new Mat();
        grey.ConvertTo(f, MatType.CV_32F);
        using var low = new Mat();
        Cv2.GaussianBlur(f, low, new Size(0, 0), 2);
        using var high = new Mat();
        Cv2.Subtract(f, low, high);
        using var window = new Mat();
        Cv2.CreateHanningWindow(window, f.Size(), MatType.CV_32F);
        using var windowed = high.Mul(window).ToMat();
        using var complex = new Mat();
        Cv2.Dft(windowed, complex, DftFlags.ComplexOutput);
        var parts = Cv2.Split(complex);
        try
        {
            var magnitude = new Mat();
            Cv2.Magnitude(parts[0], parts[1], magnitude);
            Cv2.Add(magnitude, new Scalar(1e-3), magnitude);
            Cv2.Log(magnitude, magnitude);
            return magnitude;
        }
        finally
        {
            foreach (var p in parts)
            {
                p.Dispose();
            }
        }
    }

    // log peak over the median of a 1-D profile's spectrum, above the lowest frequencies.
    private static float ProfilePeak(Mat line)
    {
        var n = line.Cols;
        using var centred = new Mat();
        Cv2.Subtract(line, Cv2.Mean(line), centred);
        using var window = new Mat(1, n, MatType.CV_32F);
        var hann = Row(window, 0);
        for (var i = 0; i < n; i++)
        {
            hann[i] = 0.5f - (0.5f * MathF.Cos(2 * MathF.PI * i / (n - 1)));
        }

        using var windowed = centred.Mul(window).ToMat();
        using var complex = new Mat();
        Cv2.Dft(windowed, complex, DftFlags.ComplexOutput);
        var magnitudes = new List<float>();
        for (var k = n / MinFrequencyDivisor; k <= n / 2; k++)
        {
            var c = complex.At<Vec2f>(0, k);
            magnitudes.Add(MathF.Sqrt((c.Item0 * c.Item0) + (c.Item1 * c.Item1)) + 1e-3f);
        }

        var sorted = magnitudes.Order().ToList();
        return MathF.Log(sorted[^1] / sorted[sorted.Count / 2]);
    }

    private static unsafe Span<float> Row(Mat image, int y) => new((void*)image.Ptr(y), image.Cols);

    private static float TopMean(List<float> values, int count)
    {
        if (values.Count == 0)
        {
            return 0;
        }

        values.Sort();
        return values.Skip(Math.Max(0, values.Count - count)).Average();
    }
}
