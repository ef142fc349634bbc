namespace EGov.Biometrics.Matching.Search;

/// <summary>
/// The rows of smallest Hamming distance seen, at least <c>capacity</c> of them: rows at or under a
/// threshold are kept, and when twice the capacity has piled up the threshold drops to the distance that
/// still keeps <c>capacity</c> (a histogram of distances finds it) and the rest are dropped. Distances are
/// small integers, so this costs a compare per row and no heap.
/// </summary>
internal sealed class HammingShortlist(int capacity, int maxDistance)
{
    private readonly int[] _histogram = new int[maxDistance + 1];
    private (int Distance, int Row)[] _items = new (int, int)[Math.Max(16, 2 * capacity)];

    public int Count { get; private set; }

    /// <summary>Distances above this cannot enter.</summary>
    public int Threshold { get; private set; } = maxDistance;

    public void Add(int distance, int row)
    {
        if (distance > Threshold)
        {
            return;
        }

        if (Count == _items.Length)
        {
            Tighten();
            if (distance > Threshold)
            {
                return;
            }
        }

        _items[Count++] = (distance, row);
        _histogram[distance]++;
    }

    public void AddAll(HammingShortlist other)
    {
        for (var i = 0; i < other.Count; i++)
        {
            Add(other._items[i].Distance, other._items[i].Row);
        }
    }

    /// <summary>The best <c>capacity</c> rows, nearest first (ties by row, so the answer is reproducible).</summary>
    public int[] Best()
    {
        var items = _items.AsSpan(0, Count);
        items.Sort();
        var best = new int[Math.Min(capacity, Count)];
        for (var i = 0; i < best.Length; i++)
        {
            best[i] = items[i].Row;
        }

        return best;
    }

    private void Tighten()
    {
        var kept = 0;
        var threshold = 0;
        for (; threshold < _histogram.Length; threshold++)
        {
            kept += _histogram[threshold];
            if (kept >= capacity)
            {
                break;
            }
        }

        // If ties at the threshold still fill the buffer, grow it rather than drop rows arbitrarily.
        if (kept >= _items.Length)
        {
            Array.Resize(ref _items, _items.Length * 2);
        }

        Threshold = Math.Min(Threshold, threshold);
        var write = 0;
        for (var i = 0; i < Count; i++)
        {
            if (_items[i].Distance <= Threshold)
            {
                _items[write++] = _items[i];
            }
        }

        for (var d = Threshold + 1; d < _histogram.Length; d++)
        {
            _histogram[d] = 0;
        }

        Count = write;
    }
}
