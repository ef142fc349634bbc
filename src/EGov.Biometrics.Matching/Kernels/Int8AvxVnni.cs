using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace EGov.Biometrics.Matching.Kernels;

/// <summary>
/// AVX-VNNI: vpdpbusd multiplies unsigned by signed bytes and adds four products per int32 lane, without
/// saturation. The row is made unsigned as row ^ 0x80 = row + 128; the 128 × Σ query this adds is taken off
/// at the end, so no per-row data is needed.
/// </summary>
internal readonly struct Int8AvxVnni : IInt8Tile<Vector256<int>, Vector256<byte>>
{
    public static int Count => Vector256<sbyte>.Count;

    public static Vector256<int> Zero => Vector256<int>.Zero;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<int> Step(Vector256<int> accumulator, ref sbyte row, ref sbyte query, ref byte magnitude, nuint offset) =>
        AvxVnni.MultiplyWideningAndAdd(accumulator, LoadRow(ref row, offset), Vector256.LoadUnsafe(ref query, offset));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<int> Last(Vector256<int> accumulator, ref sbyte row, ref sbyte query, ref byte magnitude, nuint offset, int keep) =>
        AvxVnni.MultiplyWideningAndAdd(accumulator, LoadLastRow(ref row, offset, keep), Vector256.LoadUnsafe(ref query, offset));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<int> Add(Vector256<int> left, Vector256<int> right) => left + right;

    public static int Total(Vector256<int> accumulator, int querySum) => Vector256.Sum(accumulator) - (128 * querySum);

    public static int RowOffset => 128;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<byte> LoadRow(ref sbyte row, nuint offset) => Int8Avx2.LoadRow(ref row, offset);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<byte> LoadLastRow(ref sbyte row, nuint offset, int keep) => Int8Avx2.LoadLastRow(ref row, offset, keep);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<int> MultiplyAdd(Vector256<int> accumulator, Vector256<byte> row, ref sbyte query, nuint offset) =>
        AvxVnni.MultiplyWideningAndAdd(accumulator, row, Vector256.LoadUnsafe(ref query, offset));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<int> MultiplyAddTwo(Vector256<int> accumulator, Vector256<byte> first, Vector256<byte> second, ref sbyte query, nuint offset) =>
        MultiplyAdd(MultiplyAdd(accumulator, first, ref query, offset), second, ref query, offset + (nuint)Count);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<int> Sum4(Vector256<int> a, Vector256<int> b, Vector256<int> c, Vector256<int> d) => Int8Avx2.Sum4(a, b, c, d);
}
