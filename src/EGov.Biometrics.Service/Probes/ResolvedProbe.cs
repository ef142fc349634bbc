using EGov.Biometrics.Vision.Quality;

namespace EGov.Biometrics.Service.Probes;

/// <summary>
/// A probe ready to match, with the capture checks of an image probe (null where the probe had none). An image is
/// embedded by every embedder the server serves: <see cref="Template"/> by the one asked for (or the default),
/// <see cref="Others"/> by the rest.
/// </summary>
public sealed record ResolvedProbe(FaceTemplate Template, QualityReport? Quality, float? Liveness, IReadOnlyList<FaceTemplate>? Others = null)
{
    /// <summary>Every template of the probe, <see cref="Template"/> first.</summary>
    public IReadOnlyList<FaceTemplate> Templates => [Template, .. Others ?? []];

    /// <summary>The probe's template by <paramref name="modelId"/> first; null when it has none by that model.</summary>
    public ResolvedProbe? By(string modelId) =>
        Templates.FirstOrDefault(t => t.ModelId == modelId) is { } chosen
            ? this with { Template = chosen, Others = [.. Templates.Where(t => !ReferenceEquals(t, chosen))] }
            : null;
}
