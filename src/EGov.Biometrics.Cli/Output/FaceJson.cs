using EGov.Biometrics.Vision.Imaging;
using EGov.Biometrics.Vision.Pipeline;
using EGov.Biometrics.Vision.Quality;

namespace EGov.Biometrics.Cli.Output;

internal sealed record BoxJson(float X, float Y, float W, float H)
{
    public static BoxJson From(FaceBox b) => new(Round(b.X), Round(b.Y), Round(b.Width), Round(b.Height));

    internal static float Round(float v, int digits = 1) => MathF.Round(v, digits);
}

internal sealed record QualityJson(
    float Overall, float FaceSizePx, float InterEyePx, float Sharpness, float Exposure, float Contrast,
    float Yaw, float Pitch, float Roll, float LeftEyeOpen, float RightEyeOpen, bool Passed, IReadOnlyList<string> Failures)
{
    public static QualityJson From(QualityReport q) => new(
        BoxJson.Round(q.Overall, 3), BoxJson.Round(q.FaceSizePx), BoxJson.Round(q.InterEyePx), BoxJson.Round(q.Sharpness),
        BoxJson.Round(q.Exposure), BoxJson.Round(q.Contrast), BoxJson.Round(q.Pose.Yaw), BoxJson.Round(q.Pose.Pitch), BoxJson.Round(q.Pose.Roll),
        BoxJson.Round(q.Eyes.LeftOpen, 3), BoxJson.Round(q.Eyes.RightOpen, 3), q.Passed, q.Failures.Select(f => $"{f.Component}: {f.Reason}").ToList());
}

internal sealed record DetectedFaceJson(BoxJson Box, float Score, float[][] Landmarks, QualityJson? Quality, float? Liveness)
{
    public static DetectedFaceJson From(FaceAnalysis f) => new(
        BoxJson.From(f.Detection.Box),
        BoxJson.Round(f.Detection.Score, 4),
        f.Landmarks.Points5.Select(p => new[] { BoxJson.Round(p.X), BoxJson.Round(p.Y) }).ToArray(),
        f.Quality is { } q ? QualityJson.From(q) : null,
        f.Liveness is { } l ? BoxJson.Round(l, 4) : null);
}

internal sealed record DetectJson(string Image, int Width, int Height, IReadOnlyList<DetectedFaceJson> Faces);

internal sealed record EmbeddedFaceJson(BoxJson Box, float Score, string? Aligned, float[] Embedding);

internal sealed record EmbedJson(string Model, string ModelVersion, int Dimension, string Image, IReadOnlyList<EmbeddedFaceJson> Faces);

internal sealed record CompareJson(float Similarity, float Threshold, double Fmr, bool Match, string Model);
