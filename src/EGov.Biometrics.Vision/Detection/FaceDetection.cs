using EGov.Biometrics.Vision.Imaging;

namespace EGov.Biometrics.Vision.Detection;

/// <summary>A detected face: its box in image pixels and the detector's confidence in [0, 1].</summary>
public sealed record FaceDetection(FaceBox Box, float Score);
