namespace EGov.Biometrics.Vision.Quality;

/// <summary>
/// Measured quality of one face (after ISO/IEC 29794-5's list of capture-related components) and
/// an overall score in [0, 1]. <see cref="Failures"/> is empty when every gate passes.
/// </summary>
public sealed record QualityReport(
    float Overall,
    float FaceSizePx,
    float InterEyePx,
    float Sharpness,
    float Exposure,
    float Contrast,
    HeadPose Pose,
    EyeState Eyes,
    IReadOnlyList<QualityFailure> Failures)
{
    /// <summary>Whether every gate passed.</summary>
    public bool Passed => Failures.Count == 0;

    /// <summary>The pose from the landmarks (<see cref="LandmarkPoseEstimator"/>), whichever pose <see cref="Pose"/> is.</summary>
    public HeadPose LandmarkPose { get; init; }
}
