using EGov.Biometrics.Vision.Quality;

namespace EGov.Biometrics.Cli.Output;

internal sealed record QualityJson(
    float Overall, float FaceSizePx, float InterEyePx, float Sharpness, float Exposure, float Contrast,
    float Yaw, float Pitch, float Roll, float LeftEyeOpen, float RightEyeOpen, bool Passed, IReadOnlyList<string> Failures)
{
    public static QualityJson From(QualityReport q) => new(
        BoxJson.Round(q.Overall, 3), BoxJson.Round(q.FaceSizePx), BoxJson.Round(q.InterEyePx), BoxJson.Round(q.Sharpness),
        BoxJson.Round(q.Exposure), BoxJson.Round(q.Contrast), BoxJson.Round(q.Pose.Yaw), BoxJson.Round(q.Pose.Pitch), BoxJson.Round(q.Pose.Roll),
        BoxJson.Round(q.Eyes.LeftOpen, 3), BoxJson.Round(q.Eyes.RightOpen, 3), q.Passed, q.Failures.Select(f => $"{f.Component}: {f.Reason}").ToList());
}
