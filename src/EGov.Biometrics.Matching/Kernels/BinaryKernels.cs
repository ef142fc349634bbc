using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace EGov.Biometrics.Matching.Kernels;

/// <summary>
/// Sign codes for the first stage of the cascade: one bit per dimension (set where the value is positive),
/// 64 bytes for a 512-D vector, compared by Hamming distance (XOR and popcount). For unit vectors the
/// angle between two vectors is about π × (Hamming distance / dimension), so the nearest codes hold the
/// nearest vectors with high probability, and a scan reads an eighth of the int8 bytes.
/// </summary>
public static class BinaryKernels
{
    /// <summary>64-bit words in the code of a <paramref name="dimension"/>-D vector.</summary>
    public static int Words(int dimension) => (dimension + 63) / 64;

    public static void Encode(ReadOnlySpan<float> vector, Span<ulong> code)
    {
        if (code.Length != Words(vector.Length))
        {
            throw new ArgumentException($"A {vector.Length}-D vector needs a code of {Words(vector.Length)} words, got {code.Length}.", nameof(code));
        }

        code.Clear();
        for (var i = 0; i < vector.Length; i++)
        {
            if (vector[i] > 0)
            {
                code[i >> 6] |= 1UL << (i & 63);
            }
        }
    }

    public static int Hamming(ReadOnlySpan<ulong> a, ReadOnlySpan<ulong> b)
    {
        if (a.Length != b.Length)
        {
            throw new ArgumentException($"Codes of {a.Length} and {b.Length} words cannot be compared.", nameof(b));
        }

        return Hamming(ref MemoryMarshal.GetReference(a), ref MemoryMarshal.GetReference(b), a.Length);
    }

    /// <summary>
    /// <paramref name="distances"/>[r] = Hamming distance of code r of <paramref name="codes"/> (back to back,
    /// <paramref name="words"/> each) to the query. Scalar popcount is the hardware instruction on x64
    /// (popcnt) and Arm64 (cnt); a scan of 64-byte codes is bound by memory bandwidth, not by the count.
    /// </summary>
    public static void Distances(ReadOnlySpan<ulong> codes, ReadOnlySpan<ulong> query, Span<ushort> distances)
    {
        var words = query.Length;
        if (codes.Length != distances.Length * words)
        {
            throw new ArgumentException($"{distances.Length} codes of {words} words need {distances.Length * words} words, got {codes.Length}.", nameof(codes));
        }

        ref var c = ref MemoryMarshal.GetReference(codes);
        ref var q = ref MemoryMarshal.GetReference(query);
        if (words == 8)
        {
            // 512-D: the common case, unrolled so the query stays in registers.
            var (q0, q1, q2, q3, q4, q5, q6, q7) = (q, Unsafe.Add(ref q, 1), Unsafe.Add(ref q, 2), Unsafe.Add(ref q, 3), Unsafe.Add(ref q, 4), Unsafe.Add(ref q, 5), Unsafe.Add(ref q, 6), Unsafe.Add(ref q, 7));
            for (var r = 0; r < distances.Length; r++)
            {
                ref var row = ref Unsafe.Add(ref c, r * 8);
                distances[r] = (ushort)(BitOperations.PopCount(row ^ q0) + BitOperations.PopCount(Unsafe.Add(ref row, 1) ^ q1)
                    + BitOperations.PopCount(Unsafe.Add(ref row, 2) ^ q2) + BitOperations.PopCount(Unsafe.Add(ref row, 3) ^ q3)
                    + BitOperations.PopCount(Unsafe.Add(ref row, 4) ^ q4) + BitOperations.PopCount(Unsafe.Add(ref row, 5) ^ q5)
                    + BitOperations.PopCount(Unsafe.Add(ref row, 6) ^ q6) + BitOperations.PopCount(Unsafe.Add(ref row, 7) ^ q7));
            }

            return;
        }

        for (var r = 0; r < distances.Length; r++)
        {
            distances[r] = (ushort)Hamming(ref Unsafe.Add(ref c, r * words), ref q, words);
        }
    }

    private static int Hamming(ref ulong a, ref ulong b, int words)
    {
        var sum = 0;
        for (var i = 0; i < words; i++)
        {
            sum += BitOperations.PopCount(Unsafe.Add(ref a, i) ^ Unsafe.Add(ref b, i));
        }

        return sum;
    }
}
