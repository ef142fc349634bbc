namespace EGov.Biometrics.Matching.Search;

/// <summary>The k highest scores seen, as a min-heap of (score, row): a new score costs one compare unless it enters.</summary>
internal sealed class TopK
{
    private readonly float[] _scores;
    private readonly int[] _rows;

    public TopK(int k)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(k, 1);
        _scores = new float[k];
        _rows = new int[k];
    }

    public int Count { get; private set; }

    /// <summary>The score a newcomer must beat once the heap is full.</summary>
    public float Threshold => Count < _scores.Length ? float.NegativeInfinity : _scores[0];

    public void Add(float score, int row)
    {
        if (Count < _scores.Length)
        {
            var i = Count++;
            _scores[i] = score;
            _rows[i] = row;
            SiftUp(i);
        }
        else if (score > _scores[0])
        {
            _scores[0] = score;
            _rows[0] = row;
            SiftDown(0);
        }
    }

    public void AddAll(TopK other)
    {
        for (var i = 0; i < other.Count; i++)
        {
            Add(other._scores[i], other._rows[i]);
        }
    }

    /// <summary>The entries, best first.</summary>
    public (float Score, int Row)[] Sorted()
    {
        var result = new (float Score, int Row)[Count];
        for (var i = 0; i < Count; i++)
        {
            result[i] = (_scores[i], _rows[i]);
        }

        Array.Sort(result, (a, b) => b.Score != a.Score ? b.Score.CompareTo(a.Score) : a.Row.CompareTo(b.Row));
        return result;
    }

    private void SiftUp(int i)
    {
        while (i > 0)
        {
            var parent = (i - 1) / 2;
            if (_scores[parent] <= _scores[i])
            {
                return;
            }

            Swap(i, parent);
            i = parent;
        }
    }

    private void SiftDown(int i)
    {
        while (true)
        {
            var (left, smallest) = ((2 * i) + 1, i);
            if (left < Count && _scores[left] < _scores[smallest])
            {
                smallest = left;
            }

            if (left + 1 < Count && _scores[left + 1] < _scores[smallest])
            {
                smallest = left + 1;
            }

            if (smallest == i)
            {
                return;
            }

            Swap(i, smallest);
            i = smallest;
        }
    }

    private void Swap(int a, int b)
    {
        (_scores[a], _scores[b]) = (_scores[b], _scores[a]);
        (_rows[a], _rows[b]) = (_rows[b], _rows[a]);
    }
}
