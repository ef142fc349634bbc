using EGov.Biometrics.Registry.Subjects;
using EGov.Biometrics.Service.Decisions;
using EGov.Biometrics.Vision.Embedding;

namespace EGov.Biometrics.Service.Administration;

/// <summary>Counts for administrators and the metrics endpoint.</summary>
public sealed class StatisticsQuery(SubjectRegistry registry, TemplateIndex index, IReadOnlyDictionary<string, FmrCalibration> calibrations)
{
    public ServiceStatistics Current() => new(
        index.Galleries.Values.Sum(g => (long)g.SubjectCount),
        registry.CountTemplates(),
        registry.AuditEntries(),
        index.Galleries.Values.Sum(g => g.MemoryBytes),
        index.Galleries.Select(g => new ModelStatistics(g.Key, g.Value.Dimension, g.Value.Count, calibrations[g.Key].Default.Fmr, calibrations[g.Key].Default.Threshold)).ToList());

    /// <summary>Templates in the index and the memory it holds (cheap: no database query).</summary>
    public (long Templates, long IndexBytes) IndexSize() =>
        (index.Galleries.Values.Sum(g => (long)g.Count), index.Galleries.Values.Sum(g => g.MemoryBytes));
}
