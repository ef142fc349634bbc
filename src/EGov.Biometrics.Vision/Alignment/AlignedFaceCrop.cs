using EGov.Biometrics.Vision.Imaging;
using OpenCvSharp;

namespace EGov.Biometrics.Vision.Alignment;

/// <summary>An aligned face crop (BGR, owned) and the transform that produced it.</summary>
public sealed class AlignedFaceCrop : IDisposable
{
    internal AlignedFaceCrop(Mat image, SimilarityTransform transform)
    {
        Image = image;
        Transform = transform;
    }

    /// <summary>The crop, at the template's size (owned by this object).</summary>
    internal Mat Image { get; }

    /// <summary>The transform from image to crop coordinates.</summary>
    public SimilarityTransform Transform { get; }

    /// <summary>The crop as plain BGR bytes (a copy).</summary>
    public FaceImage ToImage() => FaceImage.FromMat(Image);

    /// <summary>Releases the crop's pixels.</summary>
    public void Dispose() => Image.Dispose();
}
