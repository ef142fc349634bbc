namespace EGov.Biometrics.Registry.Subjects;

/// <summary>An enrolment made under an idempotency key: the subject, its templates and the audit entry that recorded it.</summary>
public sealed record StoredEnrollmentKey(EnrollmentKey Key, string Pinfl, long DecisionSeq, IReadOnlyList<long> TemplateIds);
