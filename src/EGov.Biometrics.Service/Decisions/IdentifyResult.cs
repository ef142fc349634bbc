using EGov.Biometrics.Matching.Search;
using EGov.Biometrics.Service.Galleries;
using EGov.Biometrics.Vision.Embedding;

namespace EGov.Biometrics.Service.Decisions;

/// <summary>
/// A 1:N decision: the candidates at the operating point, best first. <see cref="LivenessFailed"/>: the probe failed the
/// liveness check, so no search was made (no candidates); <see cref="Liveness"/> is the probe's score (null where it had none).
/// </summary>
public sealed record IdentifyResult(
    IReadOnlyList<MatchCandidate> Candidates, FmrOperatingPoint OperatingPoint, long DecisionId, float? Liveness = null, bool LivenessFailed = false)
{
    /// <summary>The desk's policy asked for the active check and the capture failed it: no search was made.</summary>
    public bool ActiveCheckFailed { get; init; }

    /// <summary>How the gallery was searched (exact below the size threshold, the cascade above it); null when nothing was searched.</summary>
    public SearchMethod? Method { get; init; }

    /// <summary>How many of the gallery's shards answered the search (every one, or there is no answer); null when nothing was searched.</summary>
    public ShardCount? Shards { get; init; }

    /// <summary>The decision as the metrics name it.</summary>
    public string Outcome => LivenessFailed ? "liveness-failed" : ActiveCheckFailed ? BiometricService.ActiveCheckFailed : Candidates.Count > 0 ? "candidates" : "none";
}
