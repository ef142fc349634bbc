using System.Numerics;
using EGov.Biometrics.Vision.Models;

namespace EGov.Biometrics.Vision.Alignment;

/// <summary>Where an embedder expects the five landmarks in its input crop.</summary>
public sealed record AlignmentTemplate(int Width, int Height, IReadOnlyList<Vector2> Points)
{
    /// <summary>The ArcFace 112x112 template (insightface), used by most 112x112 embedders.</summary>
    public static AlignmentTemplate ArcFace112 { get; } = new(112, 112,
    [
        new(38.2946f, 51.6963f), new(73.5318f, 51.5014f), new(56.0252f, 71.7366f), new(41.5493f, 92.3655f), new(70.7299f, 92.2041f),
    ]);

    /// <summary>The template a manifest entry describes.</summary>
    public static AlignmentTemplate FromSpec(AlignmentTemplateSpec spec) =>
        new(spec.Size[0], spec.Size[1], spec.Points.Select(p => new Vector2(p[0], p[1])).ToArray());
}
