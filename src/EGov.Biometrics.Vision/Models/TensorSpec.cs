namespace EGov.Biometrics.Vision.Models;

/// <summary>A tensor's name and shape.</summary>
/// <param name="Name">The tensor's name in the graph.</param>
/// <param name="Shape">Its dimensions.</param>
public sealed record TensorSpec(string Name, IReadOnlyList<int> Shape);
