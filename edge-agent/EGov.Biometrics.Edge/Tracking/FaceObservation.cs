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

    /// <summary>An observation whose descriptor is computed from the frame's box itself (no landmarks, no alignment).</summary>
    public static FaceObservation FromBox(FaceBox box, Mat frameBgr)
    {
        ArgumentNullException.ThrowIfNull(frameBgr);
        var inside = new Rect((int)box.X, (int)box.Y, Math.Max(1, (int)box.Width), Math.Max(1, (int)box.Height))
            .Intersect(new Rect(0, 0, frameBgr.Cols, frameBgr.Rows));
        using var crop = new Mat(frameBgr, inside);
        return new(box, AppearanceDescriptor.Compute(crop));
    }
}
