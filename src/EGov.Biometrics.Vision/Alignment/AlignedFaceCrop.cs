using OpenCvSharp;

namespace EGov.Biometrics.Vision.Alignment;

/// <summary>An aligned face crop (BGR, owned) and the transform that produced it.</summary>
public sealed class AlignedFaceCrop(Mat image, SimilarityTransform transform) : IDisposable
{
    public Mat Image { get; } = image;

    public SimilarityTransform Transform { get; } = transform;

    public void Dispose() => Image.Dispose();
}
