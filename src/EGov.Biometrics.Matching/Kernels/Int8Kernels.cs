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

        ref var r = ref MemoryMarshal.GetReference(row);
        ref var q = ref MemoryMarshal.GetReference(query.Values);
        ref var m = ref MemoryMarshal.GetReference(query.Magnitudes);
        var (n, sum) = (row.Length, query.Sum);
        return Fit(path, n) switch
        {
            Int8Path.Avx512BW => Dot<Int8Avx512BW, Vector512<int>>(ref r, ref q, ref m, n, sum),
            Int8Path.AvxVnni => Dot<Int8AvxVnni, Vector256<int>>(ref r, ref q, ref m, n, sum),
            Int8Path.Avx2 => Dot<Int8Avx2, Vector256<int>>(ref r, ref q, ref m, n, sum),
            Int8Path.ArmDotProduct => Dot<Int8ArmDotProduct, Vector128<int>>(ref r, ref q, ref m, n, sum),
            Int8Path.Vector128 => Dot<Int8Portable, Vector128<int>>(ref r, ref q, ref m, n, sum),
            _ => DotScalar(ref r, ref q, n),
        };
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

    // n ≥ TWidth.Count. Two accumulators hide the latency of the multiply-add chain.
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
