namespace EGov.Biometrics.Registry.Subjects;

/// <summary>What an enrolment stored: the template ids and the audit entry that records it.</summary>
public sealed record Enrollment(IReadOnlyList<long> TemplateIds, long AuditSeq);
