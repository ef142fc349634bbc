using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace EGov.Biometrics.Matching.Kernels;

/// <summary>
/// AVX2. Against an <see cref="Int8Query"/> (Step, Last, Total): vpsignb gives the row the query's sign,
/// vpmaddubsw multiplies it by |query| (unsigned × signed) into 16-bit pair sums (at most 2·127² — no
/// saturation), vpmaddwd by one widens them to int32; no offset. Against <see cref="Int8QueryBatch"/> queries
/// (the tiles and the full scan): the row is made unsigned (row ^ 0x80 = row + 128, <see cref="RowOffset"/>),
/// and the queries are within ±32 so that two steps' vpmaddubsw pair sums add up in 16 bits
/// (2 × 2 × 255 × 32 = 32,640) before one vpmaddwd.
/// </summary>
internal readonly struct Int8Avx2 : IInt8Tile<Vector256<int>, Vector256<byte>>
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

    public static int RowOffset => 128;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<byte> LoadRow(ref sbyte row, nuint offset) => Offset(Vector256.LoadUnsafe(ref row, offset));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<byte> LoadLastRow(ref sbyte row, nuint offset, int keep)
    {
        // Lanes already counted contribute 0, not 128 × query: the mask applies after the offset.
        var keepLast = Vector256.GreaterThanOrEqual(Vector256<sbyte>.Indices, Vector256.Create((sbyte)(Count - keep))).AsByte();
        return Offset(Vector256.LoadUnsafe(ref row, offset)) & keepLast;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<int> MultiplyAdd(Vector256<int> accumulator, Vector256<byte> row, ref sbyte query, nuint offset) =>
        accumulator + Avx2.MultiplyAddAdjacent(Avx2.MultiplyAddAdjacent(row, Vector256.LoadUnsafe(ref query, offset)), Vector256<short>.One);

    // Each vpmaddubsw pair sum is at most 2 × 255 × 32, two of them 32,640: they add in 16 bits, and one
    // vpmaddwd widens both, three multiplies for two steps instead of four.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<int> MultiplyAddTwo(Vector256<int> accumulator, Vector256<byte> first, Vector256<byte> second, ref sbyte query, nuint offset) =>
        accumulator + Avx2.MultiplyAddAdjacent(
            Avx2.MultiplyAddAdjacent(first, Vector256.LoadUnsafe(ref query, offset)) + Avx2.MultiplyAddAdjacent(second, Vector256.LoadUnsafe(ref query, offset + (nuint)Count)),
            Vector256<short>.One);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<int> Sum4(Vector256<int> a, Vector256<int> b, Vector256<int> c, Vector256<int> d)
    {
        // Lanes 0-3 hold the sums of a, b, c, d over their low halves, lanes 4-7 over their high halves.
        var sums = Avx2.HorizontalAdd(Avx2.HorizontalAdd(a, b), Avx2.HorizontalAdd(c, d));
        return sums.GetLower() + sums.GetUpper();
    }

    /// <summary>row ^ 0x80 = row + 128, unsigned.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<byte> Offset(Vector256<sbyte> row) => (row ^ Vector256.Create(sbyte.MinValue)).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<int> Products(Vector256<sbyte> row, ref sbyte query, ref byte magnitude, nuint offset)
    {
        var signed = Avx2.Sign(row, Vector256.LoadUnsafe(ref query, offset));
        var pairs = Avx2.MultiplyAddAdjacent(Vector256.LoadUnsafe(ref magnitude, offset), signed);
        return Avx2.MultiplyAddAdjacent(pairs, Vector256<short>.One);
    }
}
