using EGov.Biometrics.Vision.Embedding;

namespace EGov.Biometrics.Service.Decisions;

public sealed record IdentifyResult(IReadOnlyList<MatchCandidate> Candidates, FmrOperatingPoint OperatingPoint, long DecisionId)
{
    /// <summary>The decision as the metrics name it.</summary>
    public string Outcome => Candidates.Count > 0 ? "candidates" : "none";
}
