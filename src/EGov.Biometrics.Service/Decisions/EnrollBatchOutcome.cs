using EGov.Biometrics.Vision.Embedding;

namespace EGov.Biometrics.Service.Decisions;

/// <summary>
/// What became of one item of a batch enrolment: enrolled (<see cref="Replayed"/> when an earlier call with its key
/// did it), or refused with the reason in words. <see cref="DecisionId"/> is the audit entry of the enrolment or of
/// a duplicate refusal (0 where nothing was audited: refusals before any comparison, as for a single enrolment).
/// <see cref="PossibleDuplicates"/> are disclosed as a single enrolment discloses them (to supervisors and admins);
/// <see cref="DuplicateOfItem"/> (1-based) names the batch's earlier item, <see cref="DuplicateOfKey"/> the key the
/// registry's match was enrolled under when the same credential enrolled it (its own row, so nothing new to it).
/// A refusal never names another PINFL the caller could not know already (<see cref="DuplicateOfPinfl"/>).
/// </summary>
public sealed record EnrollBatchOutcome(string IdempotencyKey, string Pinfl)
{
    public EnrollRefusal Refusal { get; init; }

    public bool Enrolled => Refusal == EnrollRefusal.None;

    public bool Replayed { get; init; }

    public IReadOnlyList<long> TemplateIds { get; init; } = [];

    public long DecisionId { get; init; }

    public FmrOperatingPoint? OperatingPoint { get; init; }

    public IReadOnlyList<MatchCandidate> PossibleDuplicates { get; init; } = [];

    public string Message { get; init; } = string.Empty;

    public IReadOnlyList<string> GateFailures { get; init; } = [];

    public int DuplicateOfItem { get; init; }

    public string DuplicateOfKey { get; init; } = string.Empty;

    /// <summary>The other subject's PINFL where the caller may know it: an item of its own batch, a subject it enrolled, or any for roles that read scores.</summary>
    public string DuplicateOfPinfl { get; init; } = string.Empty;

    /// <summary>The refused photo's number in the item (1-based); 0 when the refusal is not about one photo.</summary>
    public int Photo { get; init; }

    /// <summary>The outcome as the metrics name it.</summary>
    public string Outcome => Enrolled ? (PossibleDuplicates.Count > 0 ? "enrolled-flagged" : "enrolled") : "refused-" + Refusal.ToString().ToLowerInvariant();
}
