namespace EGov.Biometrics.Service.Decisions;

/// <summary>Thrown when an enrolment is refused because the face is already enrolled under another PINFL.</summary>
public sealed class DuplicateSubjectException : Exception
{
    public DuplicateSubjectException()
    {
    }

    public DuplicateSubjectException(string message)
        : base(message)
    {
    }

    public DuplicateSubjectException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public IReadOnlyList<MatchCandidate> Candidates { get; init; } = [];
}
