using EGov.Biometrics.Vision.Imaging;

namespace EGov.Biometrics.Vision.Detection;

/// <summary>What <see cref="LandmarkPlausibility"/> made of landmarks placed without a detection: the face box they imply, the confidence, and the reason for a refusal (null when accepted).</summary>
public sealed record LandmarkVerdict(FaceBox Box, float Confidence, string? Refusal)
{
    /// <summary>Whether the landmarks were accepted as a face.</summary>
    public bool Accepted => Refusal is null;
}
