namespace EGov.Biometrics.Benchmarks.Accuracy;

/// <summary>Counts every cross-identity pair of a set into bins (about 87 million pairs on LFW), on every core.</summary>
public static class CrossIdentityHistogram
{
    /// <param name="items">Each item with its identity.</param>
    /// <param name="bins">Number of bins.</param>
    /// <param name="bin">The bin of a pair, in [0, bins).</param>
    public static long[] Count<T>(IReadOnlyList<(string Identity, T Item)> items, int bins, Func<T, T, int> bin)
    {
        var counts = new long[bins];
        Parallel.For(
            0, items.Count, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount },
            () => new long[bins],
            (i, _, local) =>
            {
                var (identity, item) = items[i];
                for (var j = i + 1; j < items.Count; j++)
                {
                    if (items[j].Identity != identity)
                    {
                        local[bin(item, items[j].Item)]++;
                    }
                }

                return local;
            },
            local =>
            {
                lock (counts)
                {
                    System.Numerics.Tensors.TensorPrimitives.Add<long>(counts, local, counts);
                }
            });
        return counts;
    }
}
