using EGov.Biometrics.Vision.Embedding;

namespace EGov.Biometrics.Service.Decisions;

/// <summary>
/// A 1:1 decision with the operating point it ran at; <see cref="Enrolled"/> is false for an unknown PINFL.
/// <see cref="Quality"/> and <see cref="Liveness"/> are the probe's capture checks (null where it had none).
/// <see cref="LivenessFailed"/> or <see cref="ActiveCheckFailed"/>: the probe failed a liveness check, so no comparison
/// was made (neither <see cref="Enrolled"/> nor <see cref="Similarity"/> says anything). <see cref="Face"/>: the desk's capture, for the
/// operator's screen only. <see cref="Similarity"/> is NaN for a caller not admitted to
/// <see cref="Access.AccessPolicies.ReadScores"/>, and <see cref="Liveness"/> null (<see cref="DisclosedTo"/>); the audit always has both.
/// </summary>
public sealed record VerifyResult(
    bool Match, bool Enrolled, float Similarity, FmrOperatingPoint OperatingPoint, long DecisionId, float? Quality = null, float? Liveness = null, bool LivenessFailed = false)
{
    public byte[]? Face { get; init; }

    /// <summary>The desk's policy asked for the active check and the capture failed it: no comparison was made.</summary>
    public bool ActiveCheckFailed { get; init; }

    /// <summary>
    /// The result as <paramref name="caller"/> may see it: the exact score and the liveness score only for roles that
    /// read scores. No coarse band either: a band still moves when a small change to the probe crosses its edge, which
    /// is the signal a hill-climb keeps; the decision alone moves only at the threshold, where the forgery is complete.
    /// The liveness score is withheld for the same reason: a printed or on-screen face tuned until it scores live is
    /// the presentation-attack version of the same climb (<see cref="LivenessFailed"/> still says it failed).
    /// </summary>
    public VerifyResult DisclosedTo(Access.Caller caller) =>
        Access.AccessPolicies.Admits(Access.AccessPolicies.ReadScores, caller) ? this : this with { Similarity = float.NaN, Liveness = null };

    /// <summary>The decision as the audit and the metrics name it.</summary>
    public string Outcome => LivenessFailed ? "liveness-failed" : ActiveCheckFailed ? BiometricService.ActiveCheckFailed : !Enrolled ? "not-enrolled" : Match ? "match" : "no-match";
}
