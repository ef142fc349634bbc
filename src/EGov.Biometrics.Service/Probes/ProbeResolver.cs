using EGov.Biometrics.Service.Access;

namespace EGov.Biometrics.Service.Probes;

/// <summary>
/// Turns a probe into an embedding: templates as sent, aligned crops through their model's embedder, images
/// through the face pipeline. Templates and aligned crops only from roles admitted to
/// <see cref="AccessPolicies.SendRawProbes"/>: they skip the pipeline's capture checks and are what a
/// hill-climb edits (desk agents send their crops on the desk stream, not here).
/// </summary>
public sealed class ProbeResolver(IProbeAnalyzer analyzer)
{
    public IProbeAnalyzer Analyzer { get; } = analyzer;

    public ResolvedProbe Resolve(ProbeInput? probe, Caller caller) => probe switch
    {
        TemplateProbe or AlignedCropProbe when !AccessPolicies.Admits(AccessPolicies.SendRawProbes, caller) =>
            throw new AccessDeniedException($"The {caller.Role} role may not send aligned crops or templates: send a photo (a desk's crops come on its desk stream)."),
        TemplateProbe t => new ResolvedProbe(new FaceTemplate(t.Vector, t.ModelId), null, null),
        AlignedCropProbe a => new ResolvedProbe(Analyzer.EmbedAlignedCrop(a.ModelId, a.Image), null, null),
        ImageProbe i => Analyzer.AnalyzeImage(i.Image),
        _ => throw new ArgumentException("The probe is empty: send an image, an aligned crop or a template."),
    };
}
