namespace EGov.Biometrics.Cli.Output;

internal sealed record EmbeddedFaceJson(BoxJson Box, float Score, string? Aligned, float[] Embedding);
