using EGov.Biometrics.Service.Failures;
using EGov.Biometrics.Vision.Models;

namespace EGov.Biometrics.Service.Decisions;

/// <summary>
/// The embedders this server enrols and decides with (the first is the default for image probes), out of those
/// the model manifest knows. A probe made by a known embedder the server does not serve cannot be decided here
/// (FailedPrecondition, naming it and the served ones); an id no manifest knows is a bad argument.
/// </summary>
public sealed record ServedEmbedders(IReadOnlyList<string> Served, IReadOnlyList<string> Known)
{
    public string Default => Served[0];

    /// <summary>The <paramref name="requested"/> embedders (null: the manifest's default one); refuses one the manifest has no calibrated embedder for.</summary>
    public static ServedEmbedders From(ModelManifest manifest, IReadOnlyList<string>? requested)
    {
        var known = manifest.Models.Where(m => m.Task == "embedder").Select(m => m.Id).ToList();
        var served = requested is { Count: > 0 } ? requested.Distinct(StringComparer.Ordinal).ToList() : [manifest.ModelForTask("embedder").Id];
        foreach (var id in served)
        {
            if (!known.Contains(id, StringComparer.Ordinal) || manifest.Model(id).Calibration is null)
            {
                throw new ArgumentException($"--embedders: '{Text.Bounded(id, Text.NameLength)}' is not a calibrated embedder of the model manifest (it has {string.Join(", ", known)}).");
            }
        }

        return new ServedEmbedders(served, known);
    }

    /// <summary>Refuses a model id that is not served here.</summary>
    public void Require(string modelId)
    {
        if (Served.Contains(modelId, StringComparer.Ordinal))
        {
            return;
        }

        if (Known.Contains(modelId, StringComparer.Ordinal))
        {
            throw new PreconditionFailedException($"Model '{modelId}' is not served here: this server decides with {string.Join(", ", Served)}.");
        }

        throw new ArgumentException($"Model '{Text.Bounded(modelId, Text.NameLength)}' is not an embedder this server knows.", nameof(modelId));
    }
}
