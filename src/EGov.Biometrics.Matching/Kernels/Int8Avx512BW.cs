using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace EGov.Biometrics.Matching.Kernels;

/// <summary>
/// AVX-512BW: as <see cref="Int8Avx2"/> on 64 bytes. AVX-512 has no vpsignb, so the row takes the query's
/// sign as (row ^ m) - m with m = (query &lt; 0); where the query is 0 its magnitude zeroes the product.
/// In a tile, as <see cref="Int8Avx2"/>'s: the row + 128, unsigned, by queries within ±32.
/// (.NET 10 exposes no 512-bit vpdpbusd, so AVX-512 VNNI is not used yet.)
/// </summary>
internal readonly struct Int8Avx512BW : IInt8Tile<Vector512<int>, Vector512<byte>>
{
    public static int Count => Vector512<sbyte>.Count;

    public static Vector512<int> Zero => Vector512<int>.Zero;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<int> Step(Vector512<int> accumulator, ref sbyte row, ref sbyte query, ref byte magnitude, nuint offset) =>
        accumulator + Products(Vector512.LoadUnsafe(ref row, offset), ref query, ref magnitude, offset);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<int> Last(Vector512<int> accumulator, ref sbyte row, ref sbyte query, ref byte magnitude, nuint offset, int keep) =>
        accumulator + Products(Vector512.LoadUnsafe(ref row, offset) & Vector512.GreaterThanOrEqual(Vector512<sbyte>.Indices, Vector512.Create((sbyte)(Count - keep))), ref query, ref magnitude, offset);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<int> Add(Vector512<int> left, Vector512<int> right) => left + right;

    public static int Total(Vector512<int> accumulator, int querySum) => Vector512.Sum(accumulator);

    public static int RowOffset => 128;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<byte> LoadRow(ref sbyte row, nuint offset) => Offset(Vector512.LoadUnsafe(ref row, offset));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<byte> LoadLastRow(ref sbyte row, nuint offset, int keep) =>
        Offset(Vector512.LoadUnsafe(ref row, offset)) & Vector512.GreaterThanOrEqual(Vector512<sbyte>.Indices, Vector512.Create((sbyte)(Count - keep))).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<int> MultiplyAdd(Vector512<int> accumulator, Vector512<byte> row, ref sbyte query, nuint offset) =>
        accumulator + Avx512BW.MultiplyAddAdjacent(Avx512BW.MultiplyAddAdjacent(row, Vector512.LoadUnsafe(ref query, offset)), Vector512<short>.One);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<int> MultiplyAddTwo(Vector512<int> accumulator, Vector512<byte> first, Vector512<byte> second, ref sbyte query, nuint offset) =>
        accumulator + Avx512BW.MultiplyAddAdjacent(
            Avx512BW.MultiplyAddAdjacent(first, Vector512.LoadUnsafe(ref query, offset)) + Avx512BW.MultiplyAddAdjacent(second, Vector512.LoadUnsafe(ref query, offset + (nuint)Count)),
            Vector512<short>.One);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<int> Sum4(Vector512<int> a, Vector512<int> b, Vector512<int> c, Vector512<int> d) =>
        Int8Avx2.Sum4(a.GetLower() + a.GetUpper(), b.GetLower() + b.GetUpper(), c.GetLower() + c.GetUpper(), d.GetLower() + d.GetUpper());

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<byte> Offset(Vector512<sbyte> row) => (row ^ Vector512.Create(sbyte.MinValue)).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<int> Products(Vector512<sbyte> row, ref sbyte query, ref byte magnitude, nuint offset)
    {
        var negative = Vector512.LessThan(Vector512.LoadUnsafe(ref query, offset), Vector512<sbyte>.Zero);
        var signed = (row ^ negative) - negative;
        var pairs = Avx512BW.MultiplyAddAdjacent(Vector512.LoadUnsafe(ref magnitude, offset), signed);
        return Avx512BW.MultiplyAddAdjacent(pairs, Vector512<short>.One);
    }
}
