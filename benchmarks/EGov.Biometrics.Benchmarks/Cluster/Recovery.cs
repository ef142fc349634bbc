namespace EGov.Biometrics.Benchmarks.Cluster;

/// <summary>
/// When a cluster was fully back after a fault, read from the load's outcomes: the first call after the fault that
/// succeeded (an identify with every shard answering) with no call failing after it; seconds from the fault.
/// </summary>
public static class Recovery
{
    /// <summary>Seconds from <paramref name="faultAt"/> to full service; null while calls still fail or none has succeeded since.</summary>
    public static double? Seconds(IReadOnlyList<CallOutcome> outcomes, double faultAt)
    {
        var after = outcomes.Where(o => o.At >= faultAt).OrderBy(o => o.At).ToList();
        var lastBad = after.LastOrDefault(o => !Complete(o));
        var firstGood = after.FirstOrDefault(o => Complete(o) && (lastBad is null || o.At > lastBad.At));
        return firstGood is null ? null : firstGood.At - faultAt;
    }

    /// <summary>Whether the cluster has served every call for the last <paramref name="window"/> seconds (none failed, some ran).</summary>
    public static bool Stable(IReadOnlyList<CallOutcome> outcomes, double now, double window) =>
        outcomes.Any(o => o.At >= now - window && o.Call == "identify") && outcomes.Where(o => o.At >= now - window).All(Complete);

    /// <summary>A call that succeeded and, for identify, was answered by every shard.</summary>
    public static bool Complete(CallOutcome outcome) => outcome.Succeeded && (outcome.Call != "identify" || (outcome.ShardsTotal > 0 && outcome.ShardsAnswered == outcome.ShardsTotal));
}
