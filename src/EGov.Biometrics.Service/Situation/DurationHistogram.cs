namespace EGov.Biometrics.Service.Situation;

/// <summary>
/// Durations in log-spaced bins (10 % wide, 0.1 s to about four days), so a desk's day costs the same
/// memory however many people it serves; percentiles come back within 5 % (exact at the extremes, which
/// are kept). Not thread-safe: its owner locks.
/// </summary>
internal sealed class DurationHistogram
{
    private const int Bins = 160;
    private const double Smallest = 0.1;
    private static readonly double LogRatio = Math.Log(1.1);

    private readonly int[] _counts = new int[Bins];
    private double _min = double.MaxValue;
    private double _max;

    public long Count { get; private set; }

    public void Add(double seconds)
    {
        if (!double.IsFinite(seconds) || seconds < 0)
        {
            return;
        }

        _counts[BinOf(seconds)]++;
        Count++;
        _min = Math.Min(_min, seconds);
        _max = Math.Max(_max, seconds);
    }

    public void Clear()
    {
        Array.Clear(_counts);
        Count = 0;
        _min = double.MaxValue;
        _max = 0;
    }

    /// <summary>Median and p95 (nearest rank), or null when nothing was added.</summary>
    public Percentiles? Percentiles() => Count == 0 ? null : new Percentiles(Quantile(0.5), Quantile(0.95));

    private double Quantile(double q)
    {
        var rank = Math.Max(1, (long)Math.Ceiling(q * Count));
        long seen = 0;
        for (var bin = 0; bin < Bins; bin++)
        {
            seen += _counts[bin];
            if (seen >= rank)
            {
                return Math.Clamp(Middle(bin), _min, _max);
            }
        }

        return _max;
    }

    private static int BinOf(double seconds) =>
        seconds < Smallest ? 0 : Math.Min(Bins - 1, 1 + (int)(Math.Log(seconds / Smallest) / LogRatio));

    // The geometric middle of a bin: a value anywhere in it is within 5 % of this.
    private static double Middle(int bin) => bin == 0 ? Smallest / 2 : Smallest * Math.Exp((bin - 0.5) * LogRatio);
}
