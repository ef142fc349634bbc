namespace EGov.Biometrics.Vision.Models;

public sealed record TensorSpec(string Name, IReadOnlyList<int> Shape);
