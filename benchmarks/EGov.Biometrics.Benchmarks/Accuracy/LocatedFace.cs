using EGov.Biometrics.Vision.Detection;
using EGov.Biometrics.Vision.Landmarks;

namespace EGov.Biometrics.Benchmarks.Accuracy;

/// <summary>Where the subject's face is in one benchmark image, and whether the detector found it.</summary>
public sealed record LocatedFace(FaceDetection Detection, FaceLandmarks Landmarks, bool Fallback);
