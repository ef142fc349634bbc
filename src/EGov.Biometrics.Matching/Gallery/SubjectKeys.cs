namespace EGov.Biometrics.Matching.Gallery;

/// <summary>
/// Subject ids as 64-bit keys, so that a national gallery holds no string per row: an id of 1 to 17 ASCII
/// digits (a PINFL is 14) packs into a positive key with its length (leading zeros survive); any other id
/// is interned and gets a negative key. Ten million PINFLs cost 80 MB here instead of about 500 MB of strings.
/// </summary>
internal sealed class SubjectKeys
{
    private const int MaxDigits = 17;
    private readonly Dictionary<string, long> _keyOfName = new(StringComparer.Ordinal);
    private readonly List<string> _names = [];
    private readonly Lock _lock = new();

    /// <summary>The key of <paramref name="subjectId"/>, interning it if it is not numeric.</summary>
    public long KeyOf(string subjectId) => TryPack(subjectId, out var key) ? key : Intern(subjectId);

    /// <summary>The key of an id already seen, or false (nothing is interned).</summary>
    public bool TryFind(string subjectId, out long key)
    {
        if (TryPack(subjectId, out key))
        {
            return true;
        }

        lock (_lock)
        {
            return _keyOfName.TryGetValue(subjectId, out key);
        }
    }

    public string NameOf(long key)
    {
        if (key > 0)
        {
            var length = (int)(key >> 57);
            return (key & ((1L << 57) - 1)).ToString(System.Globalization.CultureInfo.InvariantCulture).PadLeft(length, '0');
        }

        lock (_lock)
        {
            return _names[(int)(-key - 1)];
        }
    }

    /// <summary>The interned (non-numeric) ids in key order: interning them again in this order gives the same keys.</summary>
    public List<string> InternedNames()
    {
        lock (_lock)
        {
            return [.. _names];
        }
    }

    private static bool TryPack(string subjectId, out long key)
    {
        key = 0;
        if (subjectId.Length is 0 or > MaxDigits)
        {
            return false;
        }

        long value = 0;
        foreach (var c in subjectId)
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }

            value = (value * 10) + (c - '0');
        }

        // 10^17 < 2^57: the value and a 5-bit length fit below the sign bit, and the key is never 0.
        key = ((long)subjectId.Length << 57) | value;
        return true;
    }

    private long Intern(string subjectId)
    {
        lock (_lock)
        {
            if (!_keyOfName.TryGetValue(subjectId, out var key))
            {
                _names.Add(subjectId);
                key = -_names.Count;
                _keyOfName[subjectId] = key;
            }

            return key;
        }
    }
}
