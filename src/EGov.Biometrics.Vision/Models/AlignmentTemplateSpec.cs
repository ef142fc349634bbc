namespace EGov.Biometrics.Vision.Models;

/// <summary>Where an embedder expects the landmarks, as the manifest states it.</summary>
/// <param name="Size">Width and height of the crop.</param>
/// <param name="Points">The points, in crop pixels.</param>
/// <param name="Order">What each point is.</param>
/// <param name="Source">Where the template comes from.</param>
public sealed record AlignmentTemplateSpec(IReadOnlyList<int> Size, IReadOnlyList<IReadOnlyList<float>> Points, IReadOnlyList<string> Order, string? Source = null);
