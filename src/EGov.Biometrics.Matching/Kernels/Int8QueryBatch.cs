namespace EGov.Biometrics.Matching.Kernels;

/// <summary>
/// Queries prepared once for the int8 register tiles of a batch or the full scan's in-order rows (a batch of
/// one), stored back to back. Each is quantised to
/// |q| ≤ <see cref="Limit"/>, not 127: the tiles multiply a prepared row (row + 128, up to 255)
/// by the query with vpmaddubsw and add two steps' 16-bit pair sums before widening them, so those must stay
/// below 32,768 (2 × 2 × 255 × 32 = 32,640).
/// The row keeps its eight bits; the first pass only picks candidates for the exact float re-rank.
/// </summary>
public sealed class Int8QueryBatch
{
    /// <summary>The largest query magnitude the tiles accept.</summary>
    public const int Limit = 32;

    private readonly sbyte[] _values;
    private readonly int[] _sums;

    /// <summary>Quantises each query symmetrically to [-<see cref="Limit"/>, <see cref="Limit"/>].</summary>
    public Int8QueryBatch(IReadOnlyList<float[]> queries, int dimension)
    {
        ArgumentNullException.ThrowIfNull(queries);
        ArgumentOutOfRangeException.ThrowIfLessThan(dimension, 1);
        Count = queries.Count;
        Dimension = dimension;
        _values = new sbyte[Count * dimension];
        for (var q = 0; q < Count; q++)
        {
            if (queries[q] is not { } query)
            {
                throw new ArgumentNullException(nameof(queries), $"Query {q} is null.");
            }

            if (query.Length != dimension)
            {
                throw new ArgumentException($"Query {q} has {query.Length} dimensions, not {dimension}.", nameof(queries));
            }

            // The scale is max|v| / Limit: NaN or infinity there means the query holds one, which would quantise to zeros.
            if (!float.IsFinite(Int8Kernels.Quantize(query, _values.AsSpan(q * dimension, dimension), Limit)))
            {
                throw new ArgumentException($"Query {q} holds NaN or infinity.", nameof(queries));
            }
        }

        _sums = Sums(_values, Count, dimension);
    }

    /// <summary>Queries already quantised, <paramref name="count"/> of them back to back, each value within ±<see cref="Limit"/>.</summary>
    public Int8QueryBatch(ReadOnlySpan<sbyte> values, int count)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        if (values.Length == 0 || values.Length % count != 0)
        {
            throw new ArgumentException($"{values.Length} values are not {count} queries of one length.", nameof(values));
        }

        for (var i = 0; i < values.Length; i++)
        {
            if (Math.Abs((int)values[i]) > Limit)
            {
                throw new ArgumentOutOfRangeException(nameof(values), $"Value {i} is {values[i]}; batch queries hold [-{Limit}, {Limit}].");
            }
        }

        Count = count;
        Dimension = values.Length / count;
        _values = values.ToArray();
        _sums = Sums(_values, count, Dimension);
    }

    public int Count { get; }

    public int Dimension { get; }

    /// <summary>Query <paramref name="index"/>'s values.</summary>
    public ReadOnlySpan<sbyte> Values(int index) => _values.AsSpan(index * Dimension, Dimension);

    /// <summary>Queries <paramref name="first"/> … first + count − 1, back to back.</summary>
    internal ReadOnlySpan<sbyte> Range(int first, int count) => _values.AsSpan(first * Dimension, count * Dimension);

    /// <summary>Σ values of query <paramref name="index"/>: what the prepared rows' offset adds.</summary>
    internal int Sum(int index) => _sums[index];

    private static int[] Sums(sbyte[] values, int count, int dimension)
    {
        var sums = new int[count];
        for (var q = 0; q < count; q++)
        {
            foreach (var v in values.AsSpan(q * dimension, dimension))
            {
                sums[q] += v;
            }
        }

        return sums;
    }
}
