using EGov.Biometrics.Vision.Embedding;

namespace EGov.Biometrics.Service.Decisions;

public sealed record EnrollResult(string Pinfl, IReadOnlyList<long> TemplateIds, IReadOnlyList<MatchCandidate> PossibleDuplicates, FmrOperatingPoint OperatingPoint, long DecisionId)
{
    /// <summary>The decision as the metrics name it.</summary>
    public string Outcome => PossibleDuplicates.Count > 0 ? "enrolled-flagged" : "enrolled";
}
