using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace EGov.Biometrics.Matching.Kernels;

/// <summary>
/// Int8 inner products for the quantised scan: a stored int8 row against an <see cref="Int8Query"/> prepared
/// once per search. One loop, generic over the instruction set (<see cref="IInt8Width{TAccumulator}"/>), with
/// an overlapped, masked last step; a row shorter than the width drops to a narrower path.
/// </summary>
public static class Int8Kernels
{
    /// <summary>Symmetric per-vector quantisation: q = round(v · 127 / max|v|); returns the scale max|v| / 127.</summary>
    public static float Quantize(ReadOnlySpan<float> vector, Span<sbyte> quantized)
    {
        var max = TensorPrimitives.MaxMagnitude(vector);
        var absMax = Math.Abs(max);
        if (absMax == 0)
        {
            quantized.Clear();
            return 0;
        }

        var inverse = 127f / absMax;
        for (var i = 0; i < vector.Length; i++)
        {
            quantized[i] = (sbyte)Math.Clamp(MathF.Round(vector[i] * inverse), -127, 127);
        }

        return absMax / 127f;
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
    /// dispatch for a block of rows rather than one per row.
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
