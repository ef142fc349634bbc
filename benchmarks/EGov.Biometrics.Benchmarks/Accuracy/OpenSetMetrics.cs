using EGov.Biometrics.Matching.Search;

namespace EGov.Biometrics.Benchmarks.Accuracy;

/// <summary>
/// Open-set identification figures from search results (after NIST FRTE) and the agreement of an approximate
/// search with the exact one.
/// </summary>
public static class OpenSetMetrics
{
    /// <summary>
    /// False-negative identification rate at a false-positive identification rate: the threshold lets through
    /// at most <paramref name="fpir"/> of the non-mated probes' best scores; a mated probe then fails unless its
    /// mate is at rank 1 and scores above the threshold.
    /// </summary>
    public static double FnirAtFpir(IReadOnlyList<(float Score, bool MateFirst)> mated, float[] nonMatedTop, double fpir)
    {
        var threshold = VerificationMetrics.ThresholdAtFmr(nonMatedTop, fpir);
        return mated.Count(m => !(m.MateFirst && m.Score > threshold)) / (double)mated.Count;
    }

    /// <summary>Rank-1 hit and its score for a mated probe whose mate is <paramref name="mate"/>.</summary>
    public static (float Score, bool MateFirst) Top(IReadOnlyList<SubjectHit> hits, string mate) =>
        hits.Count == 0 ? (float.MinValue, false) : (hits[0].Score, hits[0].SubjectId == mate);

    /// <summary>
    /// Recall at k against the exact search: per probe, the share of the exact top k subjects that
    /// <paramref name="approximate"/> also returns in its top k, averaged over probes.
    /// </summary>
    public static double RecallAtK(IReadOnlyList<IReadOnlyList<SubjectHit>> exact, IReadOnlyList<IReadOnlyList<SubjectHit>> approximate, int k)
    {
        if (exact.Count != approximate.Count)
        {
            throw new ArgumentException($"{exact.Count} exact results against {approximate.Count} approximate ones.", nameof(approximate));
        }

        var sum = 0.0;
        for (var i = 0; i < exact.Count; i++)
        {
            var truth = exact[i].Take(k).Select(h => h.SubjectId).ToHashSet(StringComparer.Ordinal);
            sum += truth.Count == 0 ? 1 : approximate[i].Take(k).Count(h => truth.Contains(h.SubjectId)) / (double)truth.Count;
        }

        return sum / exact.Count;
    }
}
