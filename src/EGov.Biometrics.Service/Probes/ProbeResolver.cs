using EGov.Biometrics.Service.Access;

namespace EGov.Biometrics.Service.Probes;

/// <summary>
/// Turns a probe into an embedding: templates as sent, aligned crops through their model's embedder, images
/// through the face pipeline. Raw templates only from back-office roles: a template sent with the exact
/// score read back would let any desk hill-climb towards a citizen's template.
/// </summary>
public sealed class ProbeResolver(IProbeAnalyzer analyzer)
{
    /// <summary>Roles that may send raw templates.</summary>
    public static readonly IReadOnlySet<string> TemplateRoles = new HashSet<string>(StringComparer.Ordinal) { Roles.Admin, Roles.Supervisor };

    public IProbeAnalyzer Analyzer { get; } = analyzer;

    public ResolvedProbe Resolve(ProbeInput? probe, Caller caller) => probe switch
    {
        TemplateProbe when !TemplateRoles.Contains(caller.Role) =>
            throw new AccessDeniedException($"The {caller.Role} role may not send raw templates: send an image or an aligned crop."),
        TemplateProbe t => new ResolvedProbe(new FaceTemplate(t.Vector, t.ModelId), null, null),
        AlignedCropProbe a => new ResolvedProbe(Analyzer.EmbedAlignedCrop(a.ModelId, a.Image), null, null),
        ImageProbe i => Analyzer.AnalyzeImage(i.Image),
        _ => throw new ArgumentException("The probe is empty: send an image, an aligned crop or a template."),
    };
}
