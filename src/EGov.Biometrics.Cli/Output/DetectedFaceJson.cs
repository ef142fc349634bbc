using EGov.Biometrics.Vision.Pipeline;

namespace EGov.Biometrics.Cli.Output;

internal sealed record DetectedFaceJson(BoxJson Box, float Score, float[][] Landmarks, QualityJson? Quality, float? Liveness)
{
    public static DetectedFaceJson From(FaceAnalysis f) => new(
        BoxJson.From(f.Detection.Box),
        BoxJson.Round(f.Detection.Score, 4),
        f.Landmarks.Points5.Select(p => new[] { BoxJson.Round(p.X), BoxJson.Round(p.Y) }).ToArray(),
        f.Quality is { } q ? QualityJson.From(q) : null,
        f.Liveness is { } l ? BoxJson.Round(l, 4) : null);
}
