using System.Numerics;
using OpenCvSharp;

namespace EGov.Biometrics.Vision.Alignment;

/// <summary>Least-squares similarity alignment of five points to a template, then one bilinear warp.</summary>
public sealed class SimilarityAligner : IFaceAligner
{
    /// <summary>Fits a similarity from <paramref name="points5"/> (any number of points matching the template's) to the template and warps the image with it.</summary>
    internal AlignedFaceCrop Align(Mat bgr, IReadOnlyList<Vector2> points5, AlignmentTemplate template)
    {
        var transform = SimilarityTransform.Estimate(points5, template.Points);
        var m = transform.ToMatrix();
        using var matrix = Mat.FromPixelData(2, 3, MatType.CV_64FC1, new[] { m[0, 0], m[0, 1], m[0, 2], m[1, 0], m[1, 1], m[1, 2] });
        var aligned = new Mat();
        Cv2.WarpAffine(bgr, aligned, matrix, new Size(template.Width, template.Height), InterpolationFlags.Linear, BorderTypes.Constant, Scalar.Black);
        return new AlignedFaceCrop(aligned, transform);
    }

    // The OpenCV side stays inside the project (InternalsVisibleTo): callers of the interface reach it here.
    AlignedFaceCrop IFaceAligner.Align(Mat bgr, IReadOnlyList<Vector2> points5, AlignmentTemplate template) => Align(bgr, points5, template);
}
