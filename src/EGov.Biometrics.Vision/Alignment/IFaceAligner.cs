using System.Numerics;
using OpenCvSharp;

namespace EGov.Biometrics.Vision.Alignment;

/// <summary>Warps a face so that its five landmarks fall on a template.</summary>
public interface IFaceAligner
{
    AlignedFaceCrop Align(Mat bgr, IReadOnlyList<Vector2> points5, AlignmentTemplate template);
}

/// <summary>An aligned face crop (BGR, owned) and the transform that produced it.</summary>
public sealed class AlignedFaceCrop(Mat image, SimilarityTransform transform) : IDisposable
{
    public Mat Image { get; } = image;

    public SimilarityTransform Transform { get; } = transform;

    public void Dispose() => Image.Dispose();
}
