using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace EGov.Biometrics.Matching.Kernels;

/// <summary>
/// Int8 inner products: stored int8 rows against an <see cref="Int8Query"/> (the cascade's re-rank) or a query
/// of an <see cref="Int8QueryBatch"/> (the full scan and the batches' tiles), prepared once per search. Each loop
/// is written once, generic over the instruction set (<see cref="IInt8Width{TAccumulator}"/>,
/// <see cref="IInt8Tile{TAccumulator, TRow}"/>), with an overlapped, masked last step; a row shorter than the
/// width drops to a narrower path.
/// </summary>
public static class Int8Kernels
{
    /// <summary>Rows in an int8 register tile (<see cref="DotTiles"/>); it takes up to <see cref="FloatKernels.TileQueries"/> queries.</summary>
    public const int TileRows = 2;

    /// <summary>Symmetric per-vector quantisation: q = round(v · 127 / max|v|); returns the scale max|v| / 127.</summary>
    public static float Quantize(ReadOnlySpan<float> vector, Span<sbyte> quantized) => Quantize(vector, quantized, 127);

    /// <summary>Symmetric quantisation to [-<paramref name="limit"/>, <paramref name="limit"/>]; returns the scale max|v| / limit.</summary>
    public static float Quantize(ReadOnlySpan<float> vector, Span<sbyte> quantized, int limit)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(limit, 127);
        var max = TensorPrimitives.MaxMagnitude(vector);
        var absMax = Math.Abs(max);
        if (absMax == 0)
        {
            quantized.Clear();
            return 0;
        }

        var inverse = limit / absMax;
        for (var i = 0; i < vector.Length; i++)
        {
            quantized[i] = (sbyte)Math.Clamp(MathF.Round(vector[i] * inverse), -limit, limit);
        }

        return absMax / limit;
    }

    public static int Dot(ReadOnlySpan<sbyte> row, in Int8Query query) => Dot(row, query, KernelPaths.BestInt8);

    public static int Dot(ReadOnlySpan<sbyte> row, in Int8Query query, Int8Path path)
    {
        if (row.Length != query.Length)
        {
            throw new ArgumentException($"Vectors of {row.Length} and {query.Length} dimensions cannot be compared.", nameof(query));
        }

        Span<int> score = stackalloc int[1];
        DotRows(row, query, score, path);
        return score[0];
    }

    /// <summary>
    /// <paramref name="scores"/>[i] = rows[i] · query for rows stored back to back: the scan's kernel, one
    /// dispatch for a block of rows rather than one per row. Rows hold [-127, 127], as <see cref="Quantize(ReadOnlySpan{float}, Span{sbyte})"/>
    /// makes them: the AVX2 and AVX-512BW paths give a row the query's sign by negating it, and -128 has no negation.
    /// </summary>
    public static void DotRows(ReadOnlySpan<sbyte> rows, in Int8Query query, Span<int> scores, Int8Path path)
    {
        var n = query.Length;
        if (rows.Length != scores.Length * n)
        {
            throw new ArgumentException($"{scores.Length} rows of {n} dimensions need {scores.Length * n} values, got {rows.Length}.", nameof(rows));
        }

        ref var r = ref MemoryMarshal.GetReference(rows);
        ref var q = ref MemoryMarshal.GetReference(query.Values);
        ref var m = ref MemoryMarshal.GetReference(query.Magnitudes);
        var sum = query.Sum;
        switch (Fit(path, n))
        {
            case Int8Path.Avx512BW:
                Rows<Int8Avx512BW, Vector512<int>>(ref r, ref q, ref m, n, sum, scores);
                break;
            case Int8Path.AvxVnni:
                Rows<Int8AvxVnni, Vector256<int>>(ref r, ref q, ref m, n, sum, scores);
                break;
            case Int8Path.Avx2:
                Rows<Int8Avx2, Vector256<int>>(ref r, ref q, ref m, n, sum, scores);
                break;
            case Int8Path.ArmDotProduct:
                Rows<Int8ArmDotProduct, Vector128<int>>(ref r, ref q, ref m, n, sum, scores);
                break;
            case Int8Path.Vector128:
                Rows<Int8Portable, Vector128<int>>(ref r, ref q, ref m, n, sum, scores);
                break;
            default:
                for (var i = 0; i < scores.Length; i++)
                {
                    scores[i] = DotScalar(ref Unsafe.Add(ref r, i * n), ref q, n);
                }

                break;
        }
    }

    /// <summary>
    /// Int8 register tiles over a block of rows against up to four queries of a batch:
    /// <paramref name="scores"/>[r·4 + q] = rows[r] · queries[<paramref name="firstQuery"/> + q], exactly. Each
    /// row vector is loaded and prepared once for all the tile's queries: the batch's first pass, at about
    /// twice the multiply-adds per cycle of the float tiles.
    /// </summary>
    public static void DotTiles(ReadOnlySpan<sbyte> rows, int rowCount, Int8QueryBatch queries, int firstQuery, int queryCount, Span<int> scores, Int8Path path)
    {
        var n = queries.Dimension;
        if (rowCount < 1 || rows.Length != rowCount * n)
        {
            throw new ArgumentException($"Tiles take 1 or more rows of {n} values: {rowCount} rows need {(long)rowCount * n} values, got {rows.Length}.", nameof(rows));
        }

        if (queryCount < 1 || queryCount > FloatKernels.TileQueries || firstQuery < 0 || firstQuery + queryCount > queries.Count)
        {
            throw new ArgumentException($"A tile takes 1 to {FloatKernels.TileQueries} of the batch's {queries.Count} queries: {queryCount} from query {firstQuery} is not.", nameof(queryCount));
        }

        if (scores.Length < rowCount * FloatKernels.TileQueries)
        {
            throw new ArgumentException($"{rowCount} rows need {rowCount * FloatKernels.TileQueries} scores ({FloatKernels.TileQueries} per row), got {scores.Length}.", nameof(scores));
        }

        ref var r = ref MemoryMarshal.GetReference(rows);
        ref var q = ref MemoryMarshal.GetReference(queries.Range(firstQuery, queryCount));
        ref var s = ref MemoryMarshal.GetReference(scores);
        // Lanes past the group's queries repeat its last query, as the float tiles' do.
        var last = firstQuery + queryCount - 1;
        var sums = Vector128.Create(queries.Sum(firstQuery), queries.Sum(Math.Min(firstQuery + 1, last)), queries.Sum(Math.Min(firstQuery + 2, last)), queries.Sum(last));

        switch (Fit(path, n))
        {
            case Int8Path.Avx512BW:
                Tiles<Int8Avx512BW, Vector512<int>, Vector512<byte>>(ref r, rowCount, ref q, queryCount, n, sums, ref s);
                break;
            case Int8Path.AvxVnni:
                Tiles<Int8AvxVnni, Vector256<int>, Vector256<byte>>(ref r, rowCount, ref q, queryCount, n, sums, ref s);
                break;
            case Int8Path.Avx2:
                Tiles<Int8Avx2, Vector256<int>, Vector256<byte>>(ref r, rowCount, ref q, queryCount, n, sums, ref s);
                break;
            case Int8Path.ArmDotProduct:
                Tiles<Int8ArmDotProduct, Vector128<int>, Vector128<sbyte>>(ref r, rowCount, ref q, queryCount, n, sums, ref s);
                break;
            case Int8Path.Vector128:
                Tiles<Int8Portable, Vector128<int>, Vector128<sbyte>>(ref r, rowCount, ref q, queryCount, n, sums, ref s);
                break;
            default:
                for (var i = 0; i < rowCount; i++)
                {
                    for (var j = 0; j < queryCount; j++)
                    {
                        Unsafe.Add(ref s, (i * FloatKernels.TileQueries) + j) = DotScalar(ref Unsafe.Add(ref r, i * n), ref Unsafe.Add(ref q, j * n), n);
                    }
                }

                break;
        }
    }

    /// <summary>
    /// <paramref name="scores"/>[i] = rows[i] · queries[<paramref name="query"/>] for rows stored back to back,
    /// exactly: the full scan's kernel. Each row is read in order and prepared as the tiles prepare theirs (on x86
    /// row + 128, unsigned, by a query within ±<see cref="Int8QueryBatch.Limit"/>, two steps' 16-bit sums added
    /// before one vpmaddwd widens them): on AVX2 7 instructions per 64 bytes against the <see cref="Int8Query"/>
    /// kernel's 12 (no sign step, no magnitude load). Where memory is fast those instructions, not the memory, set
    /// the scan's pace. Four rows' sums leave through one <c>Sum4</c>; rows side by side would share the query's
    /// loads but defeat the hardware prefetcher (docs/benchmarks.md).
    /// </summary>
    public static void DotRows(ReadOnlySpan<sbyte> rows, Int8QueryBatch queries, int query, Span<int> scores, Int8Path path)
    {
        ArgumentNullException.ThrowIfNull(queries);
        ArgumentOutOfRangeException.ThrowIfNegative(query);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(query, queries.Count);
        var n = queries.Dimension;
        if (rows.Length != (long)scores.Length * n)
        {
            throw new ArgumentException($"{scores.Length} rows of {n} dimensions need {(long)scores.Length * n} values, got {rows.Length}.", nameof(rows));
        }

        ref var r = ref MemoryMarshal.GetReference(rows);
        ref var q = ref MemoryMarshal.GetReference(queries.Values(query));
        ref var s = ref MemoryMarshal.GetReference(scores);
        var (count, sum) = (scores.Length, queries.Sum(query));
        switch (Fit(path, n))
        {
            case Int8Path.Avx512BW:
                OffsetRows<Int8Avx512BW, Vector512<int>, Vector512<byte>>(ref r, count, ref q, n, sum, ref s);
                break;
            case Int8Path.AvxVnni:
                OffsetRows<Int8AvxVnni, Vector256<int>, Vector256<byte>>(ref r, count, ref q, n, sum, ref s);
                break;
            case Int8Path.Avx2:
                OffsetRows<Int8Avx2, Vector256<int>, Vector256<byte>>(ref r, count, ref q, n, sum, ref s);
                break;
            case Int8Path.ArmDotProduct:
                OffsetRows<Int8ArmDotProduct, Vector128<int>, Vector128<sbyte>>(ref r, count, ref q, n, sum, ref s);
                break;
            case Int8Path.Vector128:
                OffsetRows<Int8Portable, Vector128<int>, Vector128<sbyte>>(ref r, count, ref q, n, sum, ref s);
                break;
            default:
                for (var i = 0; i < count; i++)
                {
                    Unsafe.Add(ref s, i) = DotScalar(ref Unsafe.Add(ref r, i * n), ref q, n);
                }

                break;
        }
    }

    /// <summary>The path actually run for rows of <paramref name="n"/> bytes: narrower while a step would be longer than the row.</summary>
    private static Int8Path Fit(Int8Path path, int n)
    {
        if (!KernelPaths.IsSupported(path))
        {
            throw new PlatformNotSupportedException($"The int8 {path} path needs instructions this processor lacks.");
        }

        return path switch
        {
            Int8Path.Avx512BW when n >= Vector512<sbyte>.Count => path,
            Int8Path.Avx512BW or Int8Path.AvxVnni or Int8Path.Avx2 when n >= Vector256<sbyte>.Count => path == Int8Path.Avx512BW ? Int8Path.Avx2 : path,
            Int8Path.ArmDotProduct when n >= Vector128<sbyte>.Count => path,
            not Int8Path.Scalar when n >= Vector128<sbyte>.Count && Vector128.IsHardwareAccelerated => Int8Path.Vector128,
            _ => Int8Path.Scalar,
        };
    }

    private static void Rows<TWidth, TAccumulator>(ref sbyte rows, ref sbyte query, ref byte magnitude, int n, int querySum, Span<int> scores)
        where TWidth : struct, IInt8Width<TAccumulator>
        where TAccumulator : struct
    {
        for (var i = 0; i < scores.Length; i++)
        {
            scores[i] = Dot<TWidth, TAccumulator>(ref Unsafe.Add(ref rows, i * n), ref query, ref magnitude, n, querySum);
        }
    }

    // n ≥ TWidth.Count. Two accumulators hide the latency of the multiply-add chain.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Dot<TWidth, TAccumulator>(ref sbyte row, ref sbyte query, ref byte magnitude, int n, int querySum)
        where TWidth : struct, IInt8Width<TAccumulator>
        where TAccumulator : struct
    {
        var (c, len) = ((nuint)TWidth.Count, (nuint)n);
        var (acc0, acc1) = (TWidth.Zero, TWidth.Zero);
        nuint i = 0;
        for (; i + (2 * c) <= len; i += 2 * c)
        {
            acc0 = TWidth.Step(acc0, ref row, ref query, ref magnitude, i);
            acc1 = TWidth.Step(acc1, ref row, ref query, ref magnitude, i + c);
        }

        if (i + c <= len)
        {
            acc0 = TWidth.Step(acc0, ref row, ref query, ref magnitude, i);
            i += c;
        }

        if (i < len)
        {
            acc1 = TWidth.Last(acc1, ref row, ref query, ref magnitude, len - c, (int)(len - i));
        }

        return TWidth.Total(TWidth.Add(acc0, acc1), querySum);
    }

    private static void Tiles<TWidth, TAccumulator, TRow>(ref sbyte rows, int rowCount, ref sbyte queries, int queryCount, int n, Vector128<int> sums, ref int scores)
        where TWidth : struct, IInt8Tile<TAccumulator, TRow>
        where TAccumulator : struct
        where TRow : struct
    {
        for (var i = 0; i < rowCount; i += TileRows)
        {
            Tile2x4<TWidth, TAccumulator, TRow>(ref Unsafe.Add(ref rows, i * n), Math.Min(TileRows, rowCount - i), ref queries, queryCount, n, sums, ref Unsafe.Add(ref scores, i * FloatKernels.TileQueries));
        }
    }

    // n ≥ TWidth.Count. 8 accumulators + 4 prepared rows (two steps of two rows): 16 registers with the products.
    private static void Tile2x4<TWidth, TAccumulator, TRow>(ref sbyte rows, int rowCount, ref sbyte queries, int queryCount, int n, Vector128<int> sums, ref int scores)
        where TWidth : struct, IInt8Tile<TAccumulator, TRow>
        where TAccumulator : struct
        where TRow : struct
    {
        ref var r0 = ref rows;
        ref var r1 = ref Member(ref rows, 1, rowCount, n);
        ref var q0 = ref queries;
        ref var q1 = ref Member(ref queries, 1, queryCount, n);
        ref var q2 = ref Member(ref queries, 2, queryCount, n);
        ref var q3 = ref Member(ref queries, 3, queryCount, n);
        var (c, len) = ((nuint)TWidth.Count, (nuint)n);
        TAccumulator a00 = TWidth.Zero, a01 = TWidth.Zero, a02 = TWidth.Zero, a03 = TWidth.Zero;
        TAccumulator a10 = TWidth.Zero, a11 = TWidth.Zero, a12 = TWidth.Zero, a13 = TWidth.Zero;
        nuint i = 0;
        for (; i + (2 * c) <= len; i += 2 * c)
        {
            var (x0, x1, y0, y1) = (TWidth.LoadRow(ref r0, i), TWidth.LoadRow(ref r1, i), TWidth.LoadRow(ref r0, i + c), TWidth.LoadRow(ref r1, i + c));
            (a00, a10) = (TWidth.MultiplyAddTwo(a00, x0, y0, ref q0, i), TWidth.MultiplyAddTwo(a10, x1, y1, ref q0, i));
            (a01, a11) = (TWidth.MultiplyAddTwo(a01, x0, y0, ref q1, i), TWidth.MultiplyAddTwo(a11, x1, y1, ref q1, i));
            (a02, a12) = (TWidth.MultiplyAddTwo(a02, x0, y0, ref q2, i), TWidth.MultiplyAddTwo(a12, x1, y1, ref q2, i));
            (a03, a13) = (TWidth.MultiplyAddTwo(a03, x0, y0, ref q3, i), TWidth.MultiplyAddTwo(a13, x1, y1, ref q3, i));
        }

        for (; i < len; i += c)
        {
            // The last step overlaps the one before it; the rows' bytes already counted are zeroed.
            var at = i;
            TRow x0, x1;
            if (i + c <= len)
            {
                (x0, x1) = (TWidth.LoadRow(ref r0, at), TWidth.LoadRow(ref r1, at));
            }
            else
            {
                var keep = (int)(len - i);
                at = len - c;
                (x0, x1) = (TWidth.LoadLastRow(ref r0, at, keep), TWidth.LoadLastRow(ref r1, at, keep));
            }

            (a00, a10) = (TWidth.MultiplyAdd(a00, x0, ref q0, at), TWidth.MultiplyAdd(a10, x1, ref q0, at));
            (a01, a11) = (TWidth.MultiplyAdd(a01, x0, ref q1, at), TWidth.MultiplyAdd(a11, x1, ref q1, at));
            (a02, a12) = (TWidth.MultiplyAdd(a02, x0, ref q2, at), TWidth.MultiplyAdd(a12, x1, ref q2, at));
            (a03, a13) = (TWidth.MultiplyAdd(a03, x0, ref q3, at), TWidth.MultiplyAdd(a13, x1, ref q3, at));
        }

        // The prepared rows' offset × Σ query comes off each score.
        var offsets = Vector128.Create(TWidth.RowOffset) * sums;
        (TWidth.Sum4(a00, a01, a02, a03) - offsets).StoreUnsafe(ref scores);
        if (rowCount > 1)
        {
            (TWidth.Sum4(a10, a11, a12, a13) - offsets).StoreUnsafe(ref scores, FloatKernels.TileQueries);
        }
    }

    private static void OffsetRows<TWidth, TAccumulator, TRow>(ref sbyte rows, int rowCount, ref sbyte query, int n, int querySum, ref int scores)
        where TWidth : struct, IInt8Tile<TAccumulator, TRow>
        where TAccumulator : struct
        where TRow : struct
    {
        // The prepared rows' offset × Σ query comes off each score.
        var offsets = Vector128.Create(TWidth.RowOffset * querySum);
        var i = 0;
        for (; i + 4 <= rowCount; i += 4)
        {
            var a0 = OffsetDot<TWidth, TAccumulator, TRow>(ref Unsafe.Add(ref rows, i * n), ref query, n);
            var a1 = OffsetDot<TWidth, TAccumulator, TRow>(ref Unsafe.Add(ref rows, (i + 1) * n), ref query, n);
            var a2 = OffsetDot<TWidth, TAccumulator, TRow>(ref Unsafe.Add(ref rows, (i + 2) * n), ref query, n);
            var a3 = OffsetDot<TWidth, TAccumulator, TRow>(ref Unsafe.Add(ref rows, (i + 3) * n), ref query, n);
            (TWidth.Sum4(a0, a1, a2, a3) - offsets).StoreUnsafe(ref scores, (nuint)i);
        }

        for (; i < rowCount; i++)
        {
            var a = OffsetDot<TWidth, TAccumulator, TRow>(ref Unsafe.Add(ref rows, i * n), ref query, n);
            Unsafe.Add(ref scores, i) = (TWidth.Sum4(a, a, a, a) - offsets).ToScalar();
        }
    }

    // n ≥ TWidth.Count. One row in order: the tiles' paired steps on two accumulators (vpdpbusd and sdot add into
    // theirs, so one chain would wait on each), then a paired step, a full step and the masked last one.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TAccumulator OffsetDot<TWidth, TAccumulator, TRow>(ref sbyte row, ref sbyte query, int n)
        where TWidth : struct, IInt8Tile<TAccumulator, TRow>
        where TAccumulator : struct
        where TRow : struct
    {
        var (c, len) = ((nuint)TWidth.Count, (nuint)n);
        var (acc0, acc1) = (TWidth.Zero, TWidth.Zero);
        nuint i = 0;
        for (; i + (4 * c) <= len; i += 4 * c)
        {
            acc0 = TWidth.MultiplyAddTwo(acc0, TWidth.LoadRow(ref row, i), TWidth.LoadRow(ref row, i + c), ref query, i);
            acc1 = TWidth.MultiplyAddTwo(acc1, TWidth.LoadRow(ref row, i + (2 * c)), TWidth.LoadRow(ref row, i + (3 * c)), ref query, i + (2 * c));
        }

        if (i + (2 * c) <= len)
        {
            acc0 = TWidth.MultiplyAddTwo(acc0, TWidth.LoadRow(ref row, i), TWidth.LoadRow(ref row, i + c), ref query, i);
            i += 2 * c;
        }

        if (i + c <= len)
        {
            acc1 = TWidth.MultiplyAdd(acc1, TWidth.LoadRow(ref row, i), ref query, i);
            i += c;
        }

        if (i < len)
        {
            // The last step overlaps the one before it; the row's bytes already counted are zeroed.
            acc0 = TWidth.MultiplyAdd(acc0, TWidth.LoadLastRow(ref row, len - c, (int)(len - i)), ref query, len - c);
        }

        return TWidth.Add(acc0, acc1);
    }

    /// <summary>The <paramref name="index"/>-th of <paramref name="count"/> vectors stored back to back; past the count, the last.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ref sbyte Member(ref sbyte first, int index, int count, int n) => ref Unsafe.Add(ref first, Math.Min(index, count - 1) * n);

    private static int DotScalar(ref sbyte row, ref sbyte query, int n)
    {
        var sum = 0;
        for (var i = 0; i < n; i++)
        {
            sum += Unsafe.Add(ref row, i) * Unsafe.Add(ref query, i);
        }

        return sum;
    }
}
