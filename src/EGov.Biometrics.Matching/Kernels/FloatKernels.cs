using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace EGov.Biometrics.Matching.Kernels;

/// <summary>
/// Inner products of float vectors: one row against one query, one row against a block of queries, and
/// 4x4 tiles of rows by queries for batches. Vector512/256/128 paths with a scalar tail.
/// </summary>
public static class FloatKernels
{
    public static float Dot(ReadOnlySpan<float> a, ReadOnlySpan<float> b) => Dot(a, b, KernelPaths.Best);

    public static float Dot(ReadOnlySpan<float> a, ReadOnlySpan<float> b, KernelPath path)
    {
        if (a.Length != b.Length)
        {
            throw new ArgumentException($"Vectors of {a.Length} and {b.Length} dimensions cannot be compared.", nameof(b));
        }

        ref var pa = ref MemoryMarshal.GetReference(a);
        ref var pb = ref MemoryMarshal.GetReference(b);
        return path switch
        {
            KernelPath.Vector512 => Dot512(ref pa, ref pb, a.Length),
            KernelPath.Vector256 => Dot256(ref pa, ref pb, a.Length),
            KernelPath.Vector128 => Dot128(ref pa, ref pb, a.Length),
            _ => DotScalar(ref pa, ref pb, 0, a.Length, 0f),
        };
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
    /// A 4x4 tile: <paramref name="scores"/>[r·4 + q] = rows[r] · queries[q] for four rows and four queries
    /// stored back to back. Each loaded vector feeds four multiply-adds, so a batch is bound by arithmetic,
    /// not by re-reading the queries.
    /// </summary>
    public static void DotTile4x4(ReadOnlySpan<float> rows, ReadOnlySpan<float> queries, Span<float> scores, KernelPath path)
    {
        var n = rows.Length / 4;
        if (rows.Length != 4 * n || queries.Length != 4 * n || scores.Length < 16)
        {
            throw new ArgumentException("A 4x4 tile needs four rows and four queries of one length and 16 scores.");
        }

        if (path == KernelPath.Vector512 && n % 16 == 0)
        {
            Tile512(ref MemoryMarshal.GetReference(rows), ref MemoryMarshal.GetReference(queries), n, scores);
            return;
        }

        for (var r = 0; r < 4; r++)
        {
            DotBlock(rows.Slice(r * n, n), queries, scores.Slice(r * 4, 4), path);
        }
    }

    private static void Tile512(ref float rows, ref float queries, int n, Span<float> scores)
    {
        ref var r1 = ref Unsafe.Add(ref rows, n);
        ref var r2 = ref Unsafe.Add(ref rows, 2 * n);
        ref var r3 = ref Unsafe.Add(ref rows, 3 * n);
        ref var q1 = ref Unsafe.Add(ref queries, n);
        ref var q2 = ref Unsafe.Add(ref queries, 2 * n);
        ref var q3 = ref Unsafe.Add(ref queries, 3 * n);
        Vector512<float> a00 = default, a01 = default, a02 = default, a03 = default;
        Vector512<float> a10 = default, a11 = default, a12 = default, a13 = default;
        Vector512<float> a20 = default, a21 = default, a22 = default, a23 = default;
        Vector512<float> a30 = default, a31 = default, a32 = default, a33 = default;
        for (nuint i = 0; i < (nuint)n; i += 16)
        {
            var x0 = Vector512.LoadUnsafe(ref rows, i);
            var x1 = Vector512.LoadUnsafe(ref r1, i);
            var x2 = Vector512.LoadUnsafe(ref r2, i);
            var x3 = Vector512.LoadUnsafe(ref r3, i);
            var y = Vector512.LoadUnsafe(ref queries, i);
            (a00, a10, a20, a30) = (Vector512.FusedMultiplyAdd(x0, y, a00), Vector512.FusedMultiplyAdd(x1, y, a10), Vector512.FusedMultiplyAdd(x2, y, a20), Vector512.FusedMultiplyAdd(x3, y, a30));
            y = Vector512.LoadUnsafe(ref q1, i);
            (a01, a11, a21, a31) = (Vector512.FusedMultiplyAdd(x0, y, a01), Vector512.FusedMultiplyAdd(x1, y, a11), Vector512.FusedMultiplyAdd(x2, y, a21), Vector512.FusedMultiplyAdd(x3, y, a31));
            y = Vector512.LoadUnsafe(ref q2, i);
            (a02, a12, a22, a32) = (Vector512.FusedMultiplyAdd(x0, y, a02), Vector512.FusedMultiplyAdd(x1, y, a12), Vector512.FusedMultiplyAdd(x2, y, a22), Vector512.FusedMultiplyAdd(x3, y, a32));
            y = Vector512.LoadUnsafe(ref q3, i);
            (a03, a13, a23, a33) = (Vector512.FusedMultiplyAdd(x0, y, a03), Vector512.FusedMultiplyAdd(x1, y, a13), Vector512.FusedMultiplyAdd(x2, y, a23), Vector512.FusedMultiplyAdd(x3, y, a33));
        }

        scores[0] = Vector512.Sum(a00);
        scores[1] = Vector512.Sum(a01);
        scores[2] = Vector512.Sum(a02);
        scores[3] = Vector512.Sum(a03);
        scores[4] = Vector512.Sum(a10);
        scores[5] = Vector512.Sum(a11);
        scores[6] = Vector512.Sum(a12);
        scores[7] = Vector512.Sum(a13);
        scores[8] = Vector512.Sum(a20);
        scores[9] = Vector512.Sum(a21);
        scores[10] = Vector512.Sum(a22);
        scores[11] = Vector512.Sum(a23);
        scores[12] = Vector512.Sum(a30);
        scores[13] = Vector512.Sum(a31);
        scores[14] = Vector512.Sum(a32);
        scores[15] = Vector512.Sum(a33);
    }

    private static float Dot512(ref float a, ref float b, int n)
    {
        // Four accumulators: a 512-dimension row is 32 multiply-adds, and one chain would wait on each.
        var (acc0, acc1, acc2, acc3) = (Vector512<float>.Zero, Vector512<float>.Zero, Vector512<float>.Zero, Vector512<float>.Zero);
        var i = 0;
        for (; i + 64 <= n; i += 64)
        {
            acc0 = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref a, (nuint)i), Vector512.LoadUnsafe(ref b, (nuint)i), acc0);
            acc1 = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref a, (nuint)(i + 16)), Vector512.LoadUnsafe(ref b, (nuint)(i + 16)), acc1);
            acc2 = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref a, (nuint)(i + 32)), Vector512.LoadUnsafe(ref b, (nuint)(i + 32)), acc2);
            acc3 = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref a, (nuint)(i + 48)), Vector512.LoadUnsafe(ref b, (nuint)(i + 48)), acc3);
        }

        for (; i + 16 <= n; i += 16)
        {
            acc0 = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref a, (nuint)i), Vector512.LoadUnsafe(ref b, (nuint)i), acc0);
        }

        return DotScalar(ref a, ref b, i, n, Vector512.Sum((acc0 + acc1) + (acc2 + acc3)));
    }

    private static float Dot256(ref float a, ref float b, int n)
    {
        var (acc0, acc1) = (Vector256<float>.Zero, Vector256<float>.Zero);
        var i = 0;
        for (; i + 16 <= n; i += 16)
        {
            acc0 = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref a, (nuint)i), Vector256.LoadUnsafe(ref b, (nuint)i), acc0);
            acc1 = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref a, (nuint)(i + 8)), Vector256.LoadUnsafe(ref b, (nuint)(i + 8)), acc1);
        }

        for (; i + 8 <= n; i += 8)
        {
            acc0 = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref a, (nuint)i), Vector256.LoadUnsafe(ref b, (nuint)i), acc0);
        }

        return DotScalar(ref a, ref b, i, n, Vector256.Sum(acc0 + acc1));
    }

    private static float Dot128(ref float a, ref float b, int n)
    {
        var acc = Vector128<float>.Zero;
        var i = 0;
        for (; i + 4 <= n; i += 4)
        {
            acc = Vector128.FusedMultiplyAdd(Vector128.LoadUnsafe(ref a, (nuint)i), Vector128.LoadUnsafe(ref b, (nuint)i), acc);
        }

        return DotScalar(ref a, ref b, i, n, Vector128.Sum(acc));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static float DotScalar(ref float a, ref float b, int start, int n, float sum)
    {
        for (var i = start; i < n; i++)
        {
            sum = MathF.FusedMultiplyAdd(Unsafe.Add(ref a, i), Unsafe.Add(ref b, i), sum);
        }

        return sum;
    }
}
