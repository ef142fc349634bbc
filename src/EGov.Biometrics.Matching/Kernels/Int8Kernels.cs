using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace EGov.Biometrics.Matching.Kernels;

/// <summary>
/// Int8 inner products for the quantised scan. Rows are int8; the query is widened once to int16 so each
/// step is one sign-extending load of the row and one multiply-add of 16-bit pairs into int32 (vpmaddwd).
/// Products are at most 127² and pairs at most 2·127², so nothing overflows before the int32 accumulator.
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

    public static int Dot(ReadOnlySpan<sbyte> row, ReadOnlySpan<short> query) => Dot(row, query, KernelPaths.BestInt8);

    public static int Dot(ReadOnlySpan<sbyte> row, ReadOnlySpan<short> query, KernelPath path)
    {
        if (row.Length != query.Length)
        {
            throw new ArgumentException($"Vectors of {row.Length} and {query.Length} dimensions cannot be compared.", nameof(query));
        }

        ref var r = ref MemoryMarshal.GetReference(row);
        ref var q = ref MemoryMarshal.GetReference(query);
        var n = row.Length;
        var i = 0;
        var sum = 0;
        if (path == KernelPath.Vector512 && Avx512BW.IsSupported)
        {
            var (acc0, acc1) = (Vector512<int>.Zero, Vector512<int>.Zero);
            for (; i + 64 <= n; i += 64)
            {
                acc0 = Avx512F.Add(acc0, Avx512BW.MultiplyAddAdjacent(Avx512BW.ConvertToVector512Int16(Vector256.LoadUnsafe(ref r, (nuint)i)), Vector512.LoadUnsafe(ref q, (nuint)i)));
                acc1 = Avx512F.Add(acc1, Avx512BW.MultiplyAddAdjacent(Avx512BW.ConvertToVector512Int16(Vector256.LoadUnsafe(ref r, (nuint)(i + 32))), Vector512.LoadUnsafe(ref q, (nuint)(i + 32))));
            }

            for (; i + 32 <= n; i += 32)
            {
                acc0 = Avx512F.Add(acc0, Avx512BW.MultiplyAddAdjacent(Avx512BW.ConvertToVector512Int16(Vector256.LoadUnsafe(ref r, (nuint)i)), Vector512.LoadUnsafe(ref q, (nuint)i)));
            }

            sum = Vector512.Sum(acc0 + acc1);
        }
        else if (path == KernelPath.Vector256 && Avx2.IsSupported)
        {
            var acc = Vector256<int>.Zero;
            for (; i + 16 <= n; i += 16)
            {
                var widened = Avx2.ConvertToVector256Int16(Vector128.LoadUnsafe(ref r, (nuint)i));
                acc = Avx2.Add(acc, Avx2.MultiplyAddAdjacent(widened, Vector256.LoadUnsafe(ref q, (nuint)i)));
            }

            sum = Vector256.Sum(acc);
        }
        else if (path == KernelPath.Vector128 && Sse41.IsSupported)
        {
            var acc = Vector128<int>.Zero;
            for (; i + 8 <= n; i += 8)
            {
                var widened = Sse41.ConvertToVector128Int16(Vector128.CreateScalarUnsafe(Unsafe.ReadUnaligned<long>(ref Unsafe.As<sbyte, byte>(ref Unsafe.Add(ref r, i)))).AsSByte());
                acc = Sse2.Add(acc, Sse2.MultiplyAddAdjacent(widened, Vector128.LoadUnsafe(ref q, (nuint)i)));
            }

            sum = Vector128.Sum(acc);
        }
        else if (path != KernelPath.Scalar)
        {
            throw new PlatformNotSupportedException($"The int8 {path} path needs instructions this processor lacks.");
        }

        for (; i < n; i++)
        {
            sum += Unsafe.Add(ref r, i) * Unsafe.Add(ref q, i);
        }

        return sum;
    }
}
