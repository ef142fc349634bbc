using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace EGov.Biometrics.Matching.Kernels;

/// <summary>
/// AVX2: vpsignb gives the row the query's sign, vpmaddubsw multiplies it by |query| (unsigned × signed) into
/// 16-bit pair sums (at most 2·127² — no saturation), vpmaddwd by one widens them to int32.
/// </summary>
internal readonly struct Int8Avx2 : IInt8Width<Vector256<int>>
{
    public static int Count => Vector256<sbyte>.Count;

    public static Vector256<int> Zero => Vector256<int>.Zero;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<int> Step(Vector256<int> accumulator, ref sbyte row, ref sbyte query, ref byte magnitude, nuint offset) =>
        accumulator + Products(Vector256.LoadUnsafe(ref row, offset), ref query, ref magnitude, offset);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<int> Last(Vector256<int> accumulator, ref sbyte row, ref sbyte query, ref byte magnitude, nuint offset, int keep) =>
        accumulator + Products(Vector256.LoadUnsafe(ref row, offset) & Vector256.GreaterThanOrEqual(Vector256<sbyte>.Indices, Vector256.Create((sbyte)(Count - keep))), ref query, ref magnitude, offset);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<int> Add(Vector256<int> left, Vector256<int> right) => left + right;

    public static int Total(Vector256<int> accumulator, int querySum) => Vector256.Sum(accumulator);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<int> Products(Vector256<sbyte> row, ref sbyte query, ref byte magnitude, nuint offset)
    {
        var signed = Avx2.Sign(row, Vector256.LoadUnsafe(ref query, offset));
        var pairs = Avx2.MultiplyAddAdjacent(Vector256.LoadUnsafe(ref magnitude, offset), signed);
        return Avx2.MultiplyAddAdjacent(pairs, Vector256<short>.One);
    }
}
