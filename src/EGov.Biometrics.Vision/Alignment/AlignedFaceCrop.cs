using OpenCvSharp;

namespace EGov.Biometrics.Vision.Alignment;

/// <summary>An aligned face crop (BGR, owned) and the transform that produced it.</summary>
public sealed class AlignedFaceCrop(Mat image, SimilarityTransform transform) : IDisposable
{
    /// <summary>The crop, at the template's size (owned by this object).</summary>
    public Mat Image { get; } = image;

    /// <summary>The transform from image to crop coordinates.</summary>
    public SimilarityTransform Transform { get; } = transform;

    /// <summary>Releases the crop's pixels.</summary>
    public void Dispose() => Image.Dispose();
}
