namespace EGov.Biometrics.Registry.Subjects;

/// <summary>A subject and its templates' ids (no vectors).</summary>
public sealed record SubjectSummary(string Pinfl, DateTimeOffset CreatedAt, IReadOnlyList<(long Id, string ModelId)> Templates);
