using EGov.Biometrics.Vision.Embedding;
using EGov.Biometrics.Vision.Models;

namespace EGov.Biometrics.Service.Decisions;

/// <summary>
/// 1:1 by both embedders (egov-server --fusion): the probe's two templates are compared with the subject's templates
/// of the same models, the two best scores fused by <see cref="Fusion"/> and decided at the fused score's
/// <see cref="Calibration"/> for the requested FMR.
/// </summary>
public sealed record FusedVerification(ScoreFusion Fusion, FmrCalibration Calibration)
{
    /// <summary>The manifest's fusion; refused where the manifest has none or does not serve both its models.</summary>
    public static FusedVerification From(ModelManifest manifest, ServedEmbedders served)
    {
        var spec = manifest.Fusion ?? throw new ArgumentException("--fusion: the model manifest has no fused calibration.");
        var missing = spec.Models.Where(m => !served.Served.Contains(m, StringComparer.Ordinal)).ToList();
        if (missing.Count > 0)
        {
            throw new ArgumentException($"--fusion fuses {string.Join(" and ", spec.Models)}: add {string.Join(", ", missing)} to --embedders.");
        }

        return new FusedVerification(new ScoreFusion(spec.Models[0], spec.Models[1], spec.FirstWeight), new FmrCalibration(spec.Calibration));
    }
}
