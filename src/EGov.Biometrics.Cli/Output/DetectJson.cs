namespace EGov.Biometrics.Cli.Output;

internal sealed record DetectJson(string Image, int Width, int Height, IReadOnlyList<DetectedFaceJson> Faces);
