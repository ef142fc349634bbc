namespace EGov.Biometrics.Service.Subjects;

/// <summary>An enrolled subject as front ends show it: the PINFL, when it was enrolled, and its template ids (never the vectors).</summary>
public sealed record EnrolledSubject(string Pinfl, DateTimeOffset CreatedAt, IReadOnlyList<long> TemplateIds);
