namespace EGov.Biometrics.Vision.Models;

public sealed record AlignmentTemplateSpec(IReadOnlyList<int> Size, IReadOnlyList<IReadOnlyList<float>> Points, IReadOnlyList<string> Order, string? Source = null);
