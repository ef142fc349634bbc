using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.Arm;

namespace EGov.Biometrics.Matching.Kernels;

/// <summary>
/// Inner products of float vectors: one row against one query, and register tiles of rows by queries for
/// batches. Each kernel is written once, generic over the SIMD width (<see cref="IFloatWidth{TVector}"/>),
/// with an overlapped, masked last step instead of a scalar tail; a vector shorter than the width drops to
/// the next narrower one.
/// </summary>
public static class FloatKernels
{
    /// <summary>Queries in a register tile.</summary>
    public const int TileQueries = 4;

    public static float Dot(ReadOnlySpan<float> a, ReadOnlySpan<float> b) => Dot(a, b, KernelPaths.Best);

    public static float Dot(ReadOnlySpan<float> a, ReadOnlySpan<float> b, KernelPath path)
    {
        if (a.Length != b.Length)
        {
            throw new ArgumentException($"Vectors of {a.Length} and {b.Length} dimensions cannot be compared.", nameof(b));
        }

        ref var pa = ref MemoryMarshal.GetReference(a);
        ref var pb = ref MemoryMarshal.GetReference(b);
        var n = a.Length;
        return Fit(path, n) switch
        {
            KernelPath.Vector512 => Dot<Float512, Vector512<float>>(ref pa, ref pb, n),
            KernelPath.Vector256 => Dot<Float256, Vector256<float>>(ref pa, ref pb, n),
            KernelPath.Vector128 => Dot<Float128, Vector128<float>>(ref pa, ref pb, n),
            _ => DotScalar(ref pa, ref pb, n),
        };
    }

    /// <summary>
    /// <paramref name="scores"/>[i] = rows[i] · query for rows stored back to back: the exact scan's kernel, one
    /// dispatch (checks, width) for a block of rows rather than one per row, which on fast memory cost the
    /// AVX-512 scan up to a third of its time beyond the floor.
    /// </summary>
    public static void DotRows(ReadOnlySpan<float> rows, ReadOnlySpan<float> query, Span<float> scores, KernelPath path)
    {
        var n = query.Length;
        if (rows.Length != (long)scores.Length * n)
        {
            throw new ArgumentException($"{scores.Length} rows of {n} dimensions need {(long)scores.Length * n} values, got {rows.Length}.", nameof(rows));
        }

        ref var r = ref MemoryMarshal.GetReference(rows);
        ref var q = ref MemoryMarshal.GetReference(query);
        switch (Fit(path, n))
        {
            case KernelPath.Vector512:
                Rows<Float512, Vector512<float>>(ref r, ref q, n, scores);
                break;
            case KernelPath.Vector256:
                Rows<Float256, Vector256<float>>(ref r, ref q, n, scores);
                break;
            case KernelPath.Vector128:
                Rows<Float128, Vector128<float>>(ref r, ref q, n, scores);
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
    /// <paramref name="scores"/>[q] = row · queries[q] for a block of queries stored back to back
    /// (<paramref name="queries"/>.Length = scores.Length × row.Length).
    /// </summary>
    public static void DotBlock(ReadOnlySpan<float> row, ReadOnlySpan<float> queries, Span<float> scores, KernelPath path)
    {
        var dim = row.Length;
        if (queries.Length != scores.Length * dim)
        {
            throw new ArgumentException($"{scores.Length} queries of {dim} dimensions need {scores.Length * dim} values, got {queries.Length}.", nameof(queries));
        }

        // The row stays in L1 while every query passes over it.
        for (var q = 0; q < scores.Length; q++)
        {
            scores[q] = Dot(row, queries.Slice(q * dim, dim), path);
        }
    }

    /// <summary>
    /// Rows in a register tile on <paramref name="path"/>: 4 where there are 32 vector registers (AVX-512,
    /// Arm64: 16 accumulators, 4 rows and a query fit), 3 where there are 16 (AVX2, SSE: 12 accumulators,
    /// 3 rows and a query; in alternating runs on AVX2 a batch's share of a single query's time fell from
    /// 0.19–0.20 with 2 rows to 0.15–0.17).
    /// </summary>
    public static int TileRows(KernelPath path) =>
        path == KernelPath.Vector512 || (path == KernelPath.Vector128 && AdvSimd.Arm64.IsSupported) ? 4 : 3;

    /// <summary>
    /// A register tile: <paramref name="scores"/>[r·4 + q] = rows[r] · queries[q] for <paramref name="rowCount"/>
    /// (at most <see cref="TileRows"/>) rows and <paramref name="queryCount"/> (at most 4) queries, each stored
    /// back to back with <paramref name="dimension"/> values. Every loaded vector feeds several multiply-adds,
    /// so a batch is bound by arithmetic, not by loads. Missing queries repeat the last one (their lanes hold
    /// its scores); missing rows are not written.
    /// </summary>
    public static void DotTile(ReadOnlySpan<float> rows, int rowCount, ReadOnlySpan<float> queries, int queryCount, int dimension, Span<float> scores, KernelPath path)
    {
        if (rowCount < 1 || rowCount > TileRows(path) || queryCount < 1 || queryCount > TileQueries
            || rows.Length < rowCount * dimension || queries.Length < queryCount * dimension || scores.Length < 4 * rowCount)
        {
            throw new ArgumentException($"A tile on {path} takes 1 to {TileRows(path)} rows and 1 to {TileQueries} queries of {dimension} values and 4 scores per row.");
        }

        Tiles(rows, rowCount, queries, queryCount, dimension, scores, path);
    }

    /// <summary>
    /// Register tiles over a block of any number of rows against up to four queries:
    /// <paramref name="scores"/>[r·4 + q] = rows[r] · queries[q], as <see cref="DotTile"/> for each tile in turn.
    /// The batch's kernel: the checks and the choice of width are paid once per block, not once per tile (a 4x4
    /// tile of 512 dimensions is only about 160 ns of multiply-adds).
    /// </summary>
    public static void DotTiles(ReadOnlySpan<float> rows, int rowCount, ReadOnlySpan<float> queries, int queryCount, int dimension, Span<float> scores, KernelPath path)
    {
        if (rowCount < 1 || queryCount < 1 || queryCount > TileQueries
            || rows.Length < rowCount * dimension || queries.Length < queryCount * dimension || scores.Length < 4 * rowCount)
        {
            throw new ArgumentException($"Tiles take 1 or more rows and 1 to {TileQueries} queries of {dimension} values and 4 scores per row.");
        }

        Tiles(rows, rowCount, queries, queryCount, dimension, scores, path);
    }

    /// <summary>Four rows by four queries stored back to back: <paramref name="scores"/>[r·4 + q], on any path and length.</summary>
    public static void DotTile4x4(ReadOnlySpan<float> rows, ReadOnlySpan<float> queries, Span<float> scores, KernelPath path)
    {
        var n = rows.Length / 4;
        if (rows.Length != 4 * n || queries.Length != 4 * n || scores.Length < 16)
        {
            throw new ArgumentException("A 4x4 tile needs four rows and four queries of one length and 16 scores.");
        }

        var step = TileRows(path);
        for (var r = 0; r < 4; r += step)
        {
            DotTile(rows[(r * n)..], Math.Min(step, 4 - r), queries, 4, n, scores[(r * 4)..], path);
        }
    }

    // Arguments checked. A vector shorter than the width runs narrower, where a tile may hold fewer rows.
    private static void Tiles(ReadOnlySpan<float> rows, int rowCount, ReadOnlySpan<float> queries, int queryCount, int dimension, Span<float> scores, KernelPath path)
    {
        ref var r = ref MemoryMarshal.GetReference(rows);
        ref var q = ref MemoryMarshal.GetReference(queries);
        ref var s = ref MemoryMarshal.GetReference(scores);
        switch (Fit(path, dimension))
        {
            case KernelPath.Vector512:
                Tiles4x4<Float512, Vector512<float>>(ref r, rowCount, ref q, queryCount, dimension, ref s);
                break;
            case KernelPath.Vector256:
                Tiles3x4<Float256, Vector256<float>>(ref r, rowCount, ref q, queryCount, dimension, ref s);
                break;
            case KernelPath.Vector128 when TileRows(KernelPath.Vector128) == 4:
                Tiles4x4<Float128, Vector128<float>>(ref r, rowCount, ref q, queryCount, dimension, ref s);
                break;
            case KernelPath.Vector128:
                Tiles3x4<Float128, Vector128<float>>(ref r, rowCount, ref q, queryCount, dimension, ref s);
                break;
            default:
                for (var i = 0; i < rowCount; i++)
                {
                    for (var j = 0; j < queryCount; j++)
                    {
                        Unsafe.Add(ref s, (i * 4) + j) = DotScalar(ref Unsafe.Add(ref r, i * dimension), ref Unsafe.Add(ref q, j * dimension), dimension);
                    }
                }

                break;
        }
    }

    private static void Tiles4x4<TWidth, TVector>(ref float rows, int rowCount, ref float queries, int queryCount, int n, ref float scores)
        where TWidth : struct, IFloatWidth<TVector>
        where TVector : struct
    {
        for (var i = 0; i < rowCount; i += 4)
        {
            Tile4x4<TWidth, TVector>(ref Unsafe.Add(ref rows, (nint)i * n), Math.Min(4, rowCount - i), ref queries, queryCount, n, ref Unsafe.Add(ref scores, i * 4));
        }
    }

    private static void Tiles3x4<TWidth, TVector>(ref float rows, int rowCount, ref float queries, int queryCount, int n, ref float scores)
        where TWidth : struct, IFloatWidth<TVector>
        where TVector : struct
    {
        for (var i = 0; i < rowCount; i += 3)
        {
            Tile3x4<TWidth, TVector>(ref Unsafe.Add(ref rows, (nint)i * n), Math.Min(3, rowCount - i), ref queries, queryCount, n, ref Unsafe.Add(ref scores, i * 4));
        }
    }

    /// <summary>The path actually run for vectors of <paramref name="n"/> values: narrower while a vector would be longer than them.</summary>
    private static KernelPath Fit(KernelPath path, int n)
    {
        if (!KernelPaths.IsSupported(path))
        {
            throw new PlatformNotSupportedException($"The {path} path is not accelerated on this processor.");
        }

        return path switch
        {
            KernelPath.Vector512 when n >= Vector512<float>.Count => path,
            KernelPath.Vector512 or KernelPath.Vector256 when n >= Vector256<float>.Count => KernelPath.Vector256,
            not KernelPath.Scalar when n >= Vector128<float>.Count => KernelPath.Vector128,
            _ => KernelPath.Scalar,
        };
    }

    private static void Rows<TWidth, TVector>(ref float rows, ref float query, int n, Span<float> scores)
        where TWidth : struct, IFloatWidth<TVector>
        where TVector : struct
    {
        for (var i = 0; i < scores.Length; i++)
        {
            scores[i] = Dot<TWidth, TVector>(ref Unsafe.Add(ref rows, i * n), ref query, n);
        }
    }

    // n ≥ TWidth.Count. Four accumulators: a 512-dimension row is 32 multiply-adds at 16 lanes, and one chain would wait on each.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static float Dot<TWidth, TVector>(ref float a, ref float b, int n)
        where TWidth : struct, IFloatWidth<TVector>
        where TVector : struct
    {
        var (c, len) = ((nuint)TWidth.Count, (nuint)n);
        var (acc0, acc1, acc2, acc3) = (TWidth.Zero, TWidth.Zero, TWidth.Zero, TWidth.Zero);
        nuint i = 0;
        for (; i + (4 * c) <= len; i += 4 * c)
        {
            acc0 = TWidth.MultiplyAdd(TWidth.Load(ref a, i), TWidth.Load(ref b, i), acc0);
            acc1 = TWidth.MultiplyAdd(TWidth.Load(ref a, i + c), TWidth.Load(ref b, i + c), acc1);
            acc2 = TWidth.MultiplyAdd(TWidth.Load(ref a, i + (2 * c)), TWidth.Load(ref b, i + (2 * c)), acc2);
            acc3 = TWidth.MultiplyAdd(TWidth.Load(ref a, i + (3 * c)), TWidth.Load(ref b, i + (3 * c)), acc3);
        }

        for (; i + c <= len; i += c)
        {
            acc0 = TWidth.MultiplyAdd(TWidth.Load(ref a, i), TWidth.Load(ref b, i), acc0);
        }

        if (i < len)
        {
            acc1 = TWidth.MultiplyAdd(TWidth.KeepLast(TWidth.Load(ref a, len - c), (int)(len - i)), TWidth.Load(ref b, len - c), acc1);
        }

        return TWidth.Sum(TWidth.Add(TWidth.Add(acc0, acc1), TWidth.Add(acc2, acc3)));
    }

    // n ≥ TWidth.Count. 16 accumulators + 4 rows + 1 query: needs 32 registers. Each step loads 8 vectors for 16 multiply-adds.
    private static void Tile4x4<TWidth, TVector>(ref float rows, int rowCount, ref float queries, int queryCount, int n, ref float scores)
        where TWidth : struct, IFloatWidth<TVector>
        where TVector : struct
    {
        ref var r0 = ref rows;
        ref var r1 = ref Member(ref rows, 1, rowCount, n);
        ref var r2 = ref Member(ref rows, 2, rowCount, n);
        ref var r3 = ref Member(ref rows, 3, rowCount, n);
        ref var q0 = ref queries;
        ref var q1 = ref Member(ref queries, 1, queryCount, n);
        ref var q2 = ref Member(ref queries, 2, queryCount, n);
        ref var q3 = ref Member(ref queries, 3, queryCount, n);
        var (c, len) = ((nuint)TWidth.Count, (nuint)n);
        TVector a00 = TWidth.Zero, a01 = TWidth.Zero, a02 = TWidth.Zero, a03 = TWidth.Zero;
        TVector a10 = TWidth.Zero, a11 = TWidth.Zero, a12 = TWidth.Zero, a13 = TWidth.Zero;
        TVector a20 = TWidth.Zero, a21 = TWidth.Zero, a22 = TWidth.Zero, a23 = TWidth.Zero;
        TVector a30 = TWidth.Zero, a31 = TWidth.Zero, a32 = TWidth.Zero, a33 = TWidth.Zero;
        for (nuint i = 0; i < len; i += c)
        {
            // The last step overlaps the one before it; the rows' lanes already counted are zeroed.
            TVector x0, x1, x2, x3;
            var at = i;
            if (i + c <= len)
            {
                (x0, x1, x2, x3) = (TWidth.Load(ref r0, at), TWidth.Load(ref r1, at), TWidth.Load(ref r2, at), TWidth.Load(ref r3, at));
            }
            else
            {
                var keep = (int)(len - i);
                at = len - c;
                x0 = TWidth.KeepLast(TWidth.Load(ref r0, at), keep);
                x1 = TWidth.KeepLast(TWidth.Load(ref r1, at), keep);
                x2 = TWidth.KeepLast(TWidth.Load(ref r2, at), keep);
                x3 = TWidth.KeepLast(TWidth.Load(ref r3, at), keep);
            }

            var y = TWidth.Load(ref q0, at);
            (a00, a10, a20, a30) = (TWidth.MultiplyAdd(x0, y, a00), TWidth.MultiplyAdd(x1, y, a10), TWidth.MultiplyAdd(x2, y, a20), TWidth.MultiplyAdd(x3, y, a30));
            y = TWidth.Load(ref q1, at);
            (a01, a11, a21, a31) = (TWidth.MultiplyAdd(x0, y, a01), TWidth.MultiplyAdd(x1, y, a11), TWidth.MultiplyAdd(x2, y, a21), TWidth.MultiplyAdd(x3, y, a31));
            y = TWidth.Load(ref q2, at);
            (a02, a12, a22, a32) = (TWidth.MultiplyAdd(x0, y, a02), TWidth.MultiplyAdd(x1, y, a12), TWidth.MultiplyAdd(x2, y, a22), TWidth.MultiplyAdd(x3, y, a32));
            y = TWidth.Load(ref q3, at);
            (a03, a13, a23, a33) = (TWidth.MultiplyAdd(x0, y, a03), TWidth.MultiplyAdd(x1, y, a13), TWidth.MultiplyAdd(x2, y, a23), TWidth.MultiplyAdd(x3, y, a33));
        }

        TWidth.Sum4(a00, a01, a02, a03).StoreUnsafe(ref scores);
        if (rowCount > 1)
        {
            TWidth.Sum4(a10, a11, a12, a13).StoreUnsafe(ref scores, 4);
        }
        if (rowCount > 2)
        {
            TWidth.Sum4(a20, a21, a22, a23).StoreUnsafe(ref scores, 8);
        }
        if (rowCount > 3)
        {
            TWidth.Sum4(a30, a31, a32, a33).StoreUnsafe(ref scores, 12);
        }
    }

    // n ≥ TWidth.Count. 12 accumulators + 3 rows + 1 query fill 16 registers; 7 loads for 12 multiply-adds.
    private static void Tile3x4<TWidth, TVector>(ref float rows, int rowCount, ref float queries, int queryCount, int n, ref float scores)
        where TWidth : struct, IFloatWidth<TVector>
        where TVector : struct
    {
        ref var r0 = ref rows;
        ref var r1 = ref Member(ref rows, 1, rowCount, n);
        ref var r2 = ref Member(ref rows, 2, rowCount, n);
        ref var q0 = ref queries;
        ref var q1 = ref Member(ref queries, 1, queryCount, n);
        ref var q2 = ref Member(ref queries, 2, queryCount, n);
        ref var q3 = ref Member(ref queries, 3, queryCount, n);
        var (c, len) = ((nuint)TWidth.Count, (nuint)n);
        TVector a00 = TWidth.Zero, a01 = TWidth.Zero, a02 = TWidth.Zero, a03 = TWidth.Zero;
        TVector a10 = TWidth.Zero, a11 = TWidth.Zero, a12 = TWidth.Zero, a13 = TWidth.Zero;
        TVector a20 = TWidth.Zero, a21 = TWidth.Zero, a22 = TWidth.Zero, a23 = TWidth.Zero;
        for (nuint i = 0; i < len; i += c)
        {
            // The last step overlaps the one before it; the rows' lanes already counted are zeroed.
            TVector x0, x1, x2;
            var at = i;
            if (i + c <= len)
            {
                (x0, x1, x2) = (TWidth.Load(ref r0, at), TWidth.Load(ref r1, at), TWidth.Load(ref r2, at));
            }
            else
            {
                var keep = (int)(len - i);
                at = len - c;
                x0 = TWidth.KeepLast(TWidth.Load(ref r0, at), keep);
                x1 = TWidth.KeepLast(TWidth.Load(ref r1, at), keep);
                x2 = TWidth.KeepLast(TWidth.Load(ref r2, at), keep);
            }

            var y = TWidth.Load(ref q0, at);
            (a00, a10, a20) = (TWidth.MultiplyAdd(x0, y, a00), TWidth.MultiplyAdd(x1, y, a10), TWidth.MultiplyAdd(x2, y, a20));
            y = TWidth.Load(ref q1, at);
            (a01, a11, a21) = (TWidth.MultiplyAdd(x0, y, a01), TWidth.MultiplyAdd(x1, y, a11), TWidth.MultiplyAdd(x2, y, a21));
            y = TWidth.Load(ref q2, at);
            (a02, a12, a22) = (TWidth.MultiplyAdd(x0, y, a02), TWidth.MultiplyAdd(x1, y, a12), TWidth.MultiplyAdd(x2, y, a22));
            y = TWidth.Load(ref q3, at);
            (a03, a13, a23) = (TWidth.MultiplyAdd(x0, y, a03), TWidth.MultiplyAdd(x1, y, a13), TWidth.MultiplyAdd(x2, y, a23));
        }

        TWidth.Sum4(a00, a01, a02, a03).StoreUnsafe(ref scores);
        if (rowCount > 1)
        {
            TWidth.Sum4(a10, a11, a12, a13).StoreUnsafe(ref scores, 4);
        }
        if (rowCount > 2)
        {
            TWidth.Sum4(a20, a21, a22, a23).StoreUnsafe(ref scores, 8);
        }
    }

    /// <summary>The <paramref name="index"/>-th of <paramref name="count"/> vectors stored back to back; past the count, the last.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ref float Member(ref float first, int index, int count, int n) => ref Unsafe.Add(ref first, Math.Min(index, count - 1) * n);

    private static float DotScalar(ref float a, ref float b, int n)
    {
        var sum = 0f;
        for (var i = 0; i < n; i++)
        {
            sum = MathF.FusedMultiplyAdd(Unsafe.Add(ref a, i), Unsafe.Add(ref b, i), sum);
        }

        return sum;
    }
}
