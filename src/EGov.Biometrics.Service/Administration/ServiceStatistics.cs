namespace EGov.Biometrics.Service.Administration;

/// <summary>What the registry and the matching index hold now.</summary>
public sealed record ServiceStatistics(long Subjects, long Templates, long AuditEntries, long IndexBytes, IReadOnlyList<ModelStatistics> Models);
