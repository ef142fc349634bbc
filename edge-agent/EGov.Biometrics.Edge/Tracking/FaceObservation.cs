using EGov.Biometrics.Vision.Imaging;
using OpenCvSharp;

namespace EGov.Biometrics.Edge.Tracking;

/// <summary>
/// A face seen in one frame, as the tracker needs it: its box and how it looks. <see cref="Embedding"/>
/// is optional; when a track and a detection both have one, it decides appearance instead of the cheap descriptor.
/// </summary>
public sealed record FaceObservation(FaceBox Box, float[] Descriptor, float[]? Embedding = null)
{
    /// <summary>An observation whose descriptor is computed from the aligned crop.</summary>
    public static FaceObservation FromAlignedCrop(FaceBox box, Mat alignedBgr, float[]? embedding = null) =>
        new(box, AppearanceDescriptor.Compute(alignedBgr), embedding);
}
