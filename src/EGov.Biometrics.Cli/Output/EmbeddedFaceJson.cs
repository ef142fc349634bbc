namespace EGov.Biometrics.Cli.Output;

/// <param name="Detection">How the face was found: direct, padded, upscaled or landmarks (<see cref="Vision.Detection.DetectionMethod"/>).</param>
internal sealed record EmbeddedFaceJson(BoxJson Box, float Score, string Detection, string? Aligned, float[] Embedding);
