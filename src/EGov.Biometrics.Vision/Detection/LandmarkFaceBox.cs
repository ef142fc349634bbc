using EGov.Biometrics.Vision.Landmarks;

namespace EGov.Biometrics.Vision.Detection;

/// <summary>The box the detector would draw around a face, from its 68 landmarks.</summary>
public static class LandmarkFaceBox
{
    /// <summary>
    /// From the landmarks' bounding box: as wide (×0.95), 1.37 times as tall, its centre 0.17 of the points' height
    /// higher (the detector's box takes in the forehead). Medians of UltraFace's boxes against the landmarks found in
    /// them on 400 LFW images.
    /// </summary>
    public static Imaging.FaceBox Around(FaceLandmarks landmarks)
    {
        ArgumentNullException.ThrowIfNull(landmarks);
        var points = landmarks.Points68;
        float left = points.Min(p => p.X), right = points.Max(p => p.X), top = points.Min(p => p.Y), bottom = points.Max(p => p.Y);
        var (width, height) = ((right - left) * 0.95f, (bottom - top) * 1.37f);
        var (centreX, centreY) = ((left + right) / 2, ((top + bottom) / 2) - (0.17f * (bottom - top)));
        return new Imaging.FaceBox(centreX - (width / 2), centreY - (height / 2), width, height);
    }
}
