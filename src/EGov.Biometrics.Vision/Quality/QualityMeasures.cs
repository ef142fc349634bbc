namespace EGov.Biometrics.Vision.Quality;

/// <summary>
/// Everything a quality report needs except the head pose from the pose model: geometry, the aligned crop's image
/// measures, eye state (two 24x24 model runs) and the landmark pose. Cheap enough for every face of every frame.
/// </summary>
public sealed record QualityMeasures(
    float FaceSizePx,
    float InterEyePx,
    float Sharpness,
    float Exposure,
    float Contrast,
    EyeState Eyes,
    HeadPose LandmarkPose);
