namespace EGov.Biometrics.Cli.Output;

internal sealed record EmbedJson(string Model, string ModelVersion, int Dimension, string Image, IReadOnlyList<EmbeddedFaceJson> Faces);
