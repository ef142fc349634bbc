namespace EGov.Biometrics.Service.Subjects;

/// <summary>One page of subjects and the token of the next (empty at the end).</summary>
public sealed record SubjectPage(IReadOnlyList<EnrolledSubject> Subjects, string NextPageToken);
