using EGov.Biometrics.Registry.Subjects;
using EGov.Biometrics.Service.Galleries;
using EGov.Biometrics.Vision.Embedding;

namespace EGov.Biometrics.Service.Administration;

/// <summary>Counts for administrators and the metrics endpoint.</summary>
public sealed class StatisticsQuery(SubjectRegistry registry, IGallery gallery, IReadOnlyDictionary<string, FmrCalibration> calibrations)
{
    /// <summary>The whole gallery's counts (in a cluster: every shard's, summed).</summary>
    public async Task<ServiceStatistics> CurrentAsync(CancellationToken cancel = default)
    {
        var counts = await gallery.CountsAsync(cancel).ConfigureAwait(false);
        return new(
            counts.Sum(g => g.Subjects),
            registry.CountTemplates(),
            registry.AuditEntries(),
            counts.Sum(g => g.MemoryBytes),
            // A gallery of a model the manifest has but this server does not serve (--embedders) has no operating point here: not listed.
            [.. counts.Where(g => calibrations.ContainsKey(g.ModelId))
                .Select(g => new ModelStatistics(g.ModelId, g.Dimension, g.Templates, calibrations[g.ModelId].Default.Fmr, calibrations[g.ModelId].Default.Threshold))]);
    }

    /// <summary>Templates in this process's index and the memory it holds (cheap: no database query, no remote call).</summary>
    public (long Templates, long IndexBytes) IndexSize() => gallery.LocalSize();
}
