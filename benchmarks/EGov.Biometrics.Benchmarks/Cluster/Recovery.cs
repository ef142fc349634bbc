namespace EGov.Biometrics.Benchmarks.Cluster;

/// <summary>
/// When a cluster was fully back after a fault, read from the load's outcomes: the first call that succeeded (an
/// identify with every shard answering) and started after the last failed or incomplete call had ended; in seconds
/// from the fault. A call that hung and failed late keeps the cluster "not back" until it ended.
/// </summary>
public static class Recovery
{
    /// <summary>Seconds from <paramref name="faultAt"/> to full service; null when no call has succeeded since the last failure.</summary>
    public static double? Seconds(IReadOnlyList<CallOutcome> outcomes, double faultAt)
    {
        var lastBadEnd = outcomes.Where(o => o.End >= faultAt && !Complete(o)).Select(o => o.End).DefaultIfEmpty(faultAt).Max();
        var firstGood = outcomes.Where(o => o.At >= lastBadEnd && Complete(o)).OrderBy(o => o.At).FirstOrDefault();
        return firstGood is null ? null : firstGood.At - faultAt;
    }

    /// <summary>A call that succeeded and, for identify, was answered by every shard.</summary>
    public static bool Complete(CallOutcome outcome) => outcome.Succeeded && (outcome.Call != "identify" || (outcome.ShardsTotal > 0 && outcome.ShardsAnswered == outcome.ShardsTotal));
}
