using EGov.Biometrics.Vision.Imaging;

namespace EGov.Biometrics.Vision.Detection;

/// <summary>
/// A detected face: its box in image pixels, the confidence in [0, 1] (the detector's score, or the landmark
/// fallback's <see cref="LandmarkPlausibility"/> confidence), and how it was found.
/// </summary>
public sealed record FaceDetection(FaceBox Box, float Score, DetectionMethod Method = DetectionMethod.Direct);
