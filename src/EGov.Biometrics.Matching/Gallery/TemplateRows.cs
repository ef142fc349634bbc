namespace EGov.Biometrics.Matching.Gallery;

/// <summary>
/// Finds a template's row with no per-template entry while templates arrive in id order — the registry's
/// ids only grow, and a snapshot keeps their order — by binary search over the rows' own ids; a row added
/// out of order (an update, ids enrolled elsewhere first) goes to a small dictionary. Ten million templates
/// cost nothing here where a hash map would hold 150 MB.
/// </summary>
internal sealed class TemplateRows
{
    private readonly Dictionary<long, int> _outOfOrder = [];
    private int _sortedRows;
    private long _lastSortedId = long.MinValue;

    /// <summary>Live templates.</summary>
    public int Count { get; private set; }

    public long MemoryBytes => _outOfOrder.Count * 28L;

    /// <summary>Records row <paramref name="row"/> (the newest) as template <paramref name="id"/>.</summary>
    public void Added(int row, long id)
    {
        if (row == _sortedRows && id > _lastSortedId && _outOfOrder.Count == 0)
        {
            (_sortedRows, _lastSortedId) = (_sortedRows + 1, id);
        }
        else
        {
            _outOfOrder[id] = row;
        }

        Count++;
    }

    /// <summary>The live row of template <paramref name="id"/> in <paramref name="state"/>, if any.</summary>
    public bool TryFind(GalleryState state, long id, out int row)
    {
        if (_outOfOrder.TryGetValue(id, out row))
        {
            return true;
        }

        var (low, high) = (0, _sortedRows - 1);
        while (low <= high)
        {
            var middle = low + ((high - low) / 2);
            var found = state.TemplateId(middle);
            if (found == id)
            {
                row = middle;
                return state.IsLive(middle);
            }

            (low, high) = found < id ? (middle + 1, high) : (low, middle - 1);
        }

        row = -1;
        return false;
    }

    /// <summary>Template <paramref name="id"/>'s live row was removed (its row stays, dead, and sorted).</summary>
    public void Removed(long id)
    {
        _outOfOrder.Remove(id);
        Count--;
    }

    public void Clear()
    {
        _outOfOrder.Clear();
        (_sortedRows, _lastSortedId, Count) = (0, long.MinValue, 0);
    }
}
