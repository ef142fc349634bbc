using System.Numerics.Tensors;
using OpenCvSharp;

namespace EGov.Biometrics.Edge.Tracking;

/// <summary>
/// A cheap appearance vector of an aligned face crop, for telling whether two detections in consecutive
/// frames are the same person without running the embedder on the edge. Two halves of equal weight, each
/// zero-mean and unit length, so the cosine of two descriptors is the mean of two correlations:
/// <list type="bullet">
/// <item>the grey face downsampled to 16x16 (the layout of light and dark: hair line, brows, beard, glasses);</item>
/// <item>a 4x4 grid of 8-bin gradient-orientation histograms (the shape of the features; steady under light changes).</item>
/// </list>
/// Colour is left out on purpose: at one desk under one light, the next citizen differs by structure, and colour
/// shifts with the camera's white balance.
/// </summary>
public static class AppearanceDescriptor
{
    public const int Length = (GreySide * GreySide) + (GridColumns * GridRows * OrientationBins);

    private const int GreySide = 16;
    private const int GridColumns = 4;
    private const int GridRows = 4;
    private const int OrientationBins = 8;
    private const int GradientWidth = 48;
    private const int GradientHeight = 64;

    /// <summary>The descriptor of an aligned BGR crop (any template size: the face region is taken in proportion).</summary>
    public static float[] Compute(Mat alignedBgr)
    {
        ArgumentNullException.ThrowIfNull(alignedBgr);
        if (alignedBgr.Empty() || alignedBgr.Type() != MatType.CV_8UC3)
        {
            throw new ArgumentException("Expected a non-empty 8-bit BGR crop.", nameof(alignedBgr));
        }

        // Brows to chin and cheek to cheek of a template-aligned face; the corners hold background.
        var w = alignedBgr.Cols;
        var h = alignedBgr.Rows;
        using var face = new Mat(alignedBgr, new Rect(w / 7, h / 7, w * 5 / 7, h * 6 / 7));
        using var grey = new Mat();
        Cv2.CvtColor(face, grey, ColorConversionCodes.BGR2GRAY);

        var descriptor = new float[Length];
        GreyLayout(grey, descriptor.AsSpan(0, GreySide * GreySide));
        GradientHistograms(grey, descriptor.AsSpan(GreySide * GreySide));
        TensorPrimitives.Multiply(descriptor, 1 / MathF.Sqrt(2), descriptor);
        return descriptor;
    }

    /// <summary>Cosine similarity in [-1, 1]; same-person crops of consecutive frames score near 1.</summary>
    public static float Similarity(ReadOnlySpan<float> a, ReadOnlySpan<float> b) => TensorPrimitives.CosineSimilarity(a, b);

    private static void GreyLayout(Mat grey, Span<float> destination)
    {
        using var small = new Mat();
        Cv2.Resize(grey, small, new Size(GreySide, GreySide), 0, 0, InterpolationFlags.Area);
        small.GetArray(out byte[] pixels);
        for (var i = 0; i < pixels.Length; i++)
        {
            destination[i] = pixels[i];
        }

        CentreAndNormalise(destination);
    }

    private static void GradientHistograms(Mat grey, Span<float> destination)
    {
        using var small = new Mat();
        Cv2.Resize(grey, small, new Size(GradientWidth, GradientHeight), 0, 0, InterpolationFlags.Area);
        using var values = new Mat();
        small.ConvertTo(values, MatType.CV_32F);
        using var dx = new Mat();
        using var dy = new Mat();
        Cv2.Sobel(values, dx, MatType.CV_32F, 1, 0);
        Cv2.Sobel(values, dy, MatType.CV_32F, 0, 1);
        dx.GetArray(out float[] gx);
        dy.GetArray(out float[] gy);

        const int cellWidth = GradientWidth / GridColumns;
        const int cellHeight = GradientHeight / GridRows;
        for (var y = 0; y < GradientHeight; y++)
        {
            for (var x = 0; x < GradientWidth; x++)
            {
                var i = (y * GradientWidth) + x;
                var magnitude = MathF.Sqrt((gx[i] * gx[i]) + (gy[i] * gy[i]));

                // Unsigned orientation: an edge is the same edge whichever side is darker.
                var angle = MathF.Atan2(gy[i], gx[i]);
                if (angle < 0)
                {
                    angle += MathF.PI;
                }

                var bin = Math.Min(OrientationBins - 1, (int)(angle / MathF.PI * OrientationBins));
                destination[((((y / cellHeight) * GridColumns) + (x / cellWidth)) * OrientationBins) + bin] += magnitude;
            }
        }

        // The square root damps the few strong edges (glasses, hair line) that would otherwise dominate.
        TensorPrimitives.Sqrt(destination, destination);
        CentreAndNormalise(destination);
    }

    private static void CentreAndNormalise(Span<float> values)
    {
        var mean = TensorPrimitives.Sum<float>(values) / values.Length;
        TensorPrimitives.Subtract(values, mean, values);
        var norm = TensorPrimitives.Norm<float>(values);

        // A flat crop (a uniform patch) has no structure: leave it zero, which matches nothing.
        if (norm > 1e-6f)
        {
            TensorPrimitives.Divide(values, norm, values);
        }
        else
        {
            values.Clear();
        }
    }
}
