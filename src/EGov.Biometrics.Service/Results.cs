using EGov.Biometrics.Vision.Embedding;

namespace EGov.Biometrics.Service;

/// <summary>A probe's embedding and the model that made it.</summary>
public sealed record Probe(float[] Vector, string ModelId, byte[]? Image = null);

/// <summary>What to do when an enrolment looks like someone already enrolled.</summary>
public enum DuplicatePolicy
{
    Reject,
    Flag,
}

/// <summary>An enrolled subject whose best template scores at or above the operating point.</summary>
public sealed record Candidate(string Pinfl, float Similarity);

public sealed record EnrollResult(string Pinfl, IReadOnlyList<long> TemplateIds, IReadOnlyList<Candidate> PossibleDuplicates, FmrOperatingPoint OperatingPoint, long DecisionId);

/// <summary>A 1:1 decision with the operating point it ran at; <see cref="Enrolled"/> is false for an unknown PINFL.</summary>
public sealed record VerifyResult(bool Match, bool Enrolled, float Similarity, FmrOperatingPoint OperatingPoint, long DecisionId)
{
    /// <summary>The decision as the audit and the metrics name it.</summary>
    public string Outcome => !Enrolled ? "not-enrolled" : Match ? "match" : "no-match";
}

public sealed record IdentifyResult(IReadOnlyList<Candidate> Candidates, FmrOperatingPoint OperatingPoint, long DecisionId);

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

    public IReadOnlyList<Candidate> Candidates { get; init; } = [];
}
