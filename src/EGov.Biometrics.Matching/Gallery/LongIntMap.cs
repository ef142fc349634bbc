using System.Runtime.CompilerServices;

namespace EGov.Biometrics.Matching.Gallery;

/// <summary>
/// A map from 64-bit keys (any but long.MinValue, the empty slot) to row numbers in two flat arrays (open addressing, linear probing,
/// deletion by backward shift): 12 bytes a slot and no object per entry, where a Dictionary costs about 28
/// and resizes by doubling. At most 80 % full; slots are indexed by multiply-shift, so the capacity need not
/// be a power of two and a gallery loaded at a known size is sized exactly.
/// </summary>
internal sealed class LongIntMap
{
    private const double MaxLoad = 0.8;
    private const long Empty = long.MinValue;
    private long[] _keys;
    private int[] _values;

    public LongIntMap(int capacity = 0)
    {
        var slots = Slots(capacity);
        (_keys, _values) = (NewKeys(slots), new int[slots]);
    }

    public int Count { get; private set; }

    public long MemoryBytes => _keys.LongLength * 12;

    public bool TryGetValue(long key, out int value)
    {
        var slot = Find(key);
        value = slot >= 0 ? _values[slot] : 0;
        return slot >= 0;
    }

    public void Set(long key, int value)
    {
        ArgumentOutOfRangeException.ThrowIfEqual(key, Empty);
        if (Count + 1 > _keys.Length * MaxLoad)
        {
            Resize(Slots((int)Math.Min(int.MaxValue / 2, Count * 1.5) + 1));
        }

        var slot = Home(key, _keys.Length);
        while (_keys[slot] != Empty && _keys[slot] != key)
        {
            slot = Next(slot);
        }

        if (_keys[slot] == Empty)
        {
            Count++;
        }

        _keys[slot] = key;
        _values[slot] = value;
    }

    public bool Remove(long key)
    {
        var slot = Find(key);
        if (slot < 0)
        {
            return false;
        }

        // Backward shift: pull later entries of the run into the hole unless they already sit at or after home.
        var hole = slot;
        var next = Next(hole);
        while (_keys[next] != Empty)
        {
            var home = Home(_keys[next], _keys.Length);
            if (Distance(home, next) >= Distance(hole, next))
            {
                _keys[hole] = _keys[next];
                _values[hole] = _values[next];
                hole = next;
            }

            next = Next(next);
        }

        _keys[hole] = Empty;
        Count--;
        return true;
    }

    /// <summary>Makes room for <paramref name="count"/> entries at once (a load of known size).</summary>
    public void EnsureCapacity(int count)
    {
        if (count > _keys.Length * MaxLoad)
        {
            Resize(Slots(count));
        }
    }

    private static long[] NewKeys(int slots)
    {
        var keys = GC.AllocateUninitializedArray<long>(slots);
        Array.Fill(keys, Empty);
        return keys;
    }

    private static int Slots(int count) => Math.Max(16, (int)Math.Min(int.MaxValue - 64, (count / MaxLoad) + 1));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Home(long key, int slots)
    {
        // Fibonacci hashing spreads sequential ids; multiply-shift maps the hash onto [0, slots).
        var hash = (ulong)key * 0x9E3779B97F4A7C15UL;
        return (int)(((hash >> 32) * (ulong)(uint)slots) >> 32);
    }

    private int Next(int slot) => slot + 1 == _keys.Length ? 0 : slot + 1;

    private int Distance(int from, int to) => to >= from ? to - from : to + _keys.Length - from;

    private int Find(long key)
    {
        var slot = Home(key, _keys.Length);
        while (_keys[slot] != Empty)
        {
            if (_keys[slot] == key)
            {
                return slot;
            }

            slot = Next(slot);
        }

        return -1;
    }

    private void Resize(int slots)
    {
        var (keys, values) = (_keys, _values);
        (_keys, _values) = (NewKeys(slots), new int[slots]);
        Count = 0;
        for (var i = 0; i < keys.Length; i++)
        {
            if (keys[i] != Empty)
            {
                Set(keys[i], values[i]);
            }
        }
    }
}
