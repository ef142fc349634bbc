using EGov.Biometrics.Vision.Pipeline;

namespace EGov.Biometrics.Cli.Output;

/// <param name="Detection">How the face was found: direct, padded, upscaled or landmarks (<see cref="Vision.Detection.DetectionMethod"/>).</param>
internal sealed record DetectedFaceJson(BoxJson Box, float Score, string Detection, float[][] Landmarks, QualityJson? Quality, float? Liveness)
{
    public static DetectedFaceJson From(FaceAnalysis f) => new(
        BoxJson.From(f.Detection.Box),
        BoxJson.Round(f.Detection.Score, 4),
        DetectionJson.Name(f.Detection.Method),
        f.Landmarks.Points5.Select(p => new[] { BoxJson.Round(p.X), BoxJson.Round(p.Y) }).ToArray(),
        f.Quality is { } q ? QualityJson.From(q) : null,
        f.Liveness is { } l ? BoxJson.Round(l, 4) : null);
}
