using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.Arm;

namespace EGov.Biometrics.Matching.Kernels;

/// <summary>Arm64 sdot (<c>Dp.DotProduct</c>): signed × signed bytes, four products into each int32 lane.</summary>
internal readonly struct Int8ArmDotProduct : IInt8Tile<Vector128<int>, Vector128<sbyte>>
{
    public static int Count => Vector128<sbyte>.Count;

    public static Vector128<int> Zero => Vector128<int>.Zero;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<int> Step(Vector128<int> accumulator, ref sbyte row, ref sbyte query, ref byte magnitude, nuint offset) =>
        Dp.DotProduct(accumulator, Vector128.LoadUnsafe(ref row, offset), Vector128.LoadUnsafe(ref query, offset));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<int> Last(Vector128<int> accumulator, ref sbyte row, ref sbyte query, ref byte magnitude, nuint offset, int keep) =>
        Dp.DotProduct(accumulator, Int8Portable.KeepLast(Vector128.LoadUnsafe(ref row, offset), keep), Vector128.LoadUnsafe(ref query, offset));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<int> Add(Vector128<int> left, Vector128<int> right) => left + right;

    public static int Total(Vector128<int> accumulator, int querySum) => Vector128.Sum(accumulator);

    public static int RowOffset => 0;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<int> Sum4(Vector128<int> a, Vector128<int> b, Vector128<int> c, Vector128<int> d) => Int8Portable.Sum4(a, b, c, d);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<sbyte> LoadRow(ref sbyte row, nuint offset) => Vector128.LoadUnsafe(ref row, offset);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<sbyte> LoadLastRow(ref sbyte row, nuint offset, int keep) => Int8Portable.KeepLast(Vector128.LoadUnsafe(ref row, offset), keep);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<int> MultiplyAdd(Vector128<int> accumulator, Vector128<sbyte> row, ref sbyte query, nuint offset) =>
        Dp.DotProduct(accumulator, row, Vector128.LoadUnsafe(ref query, offset));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<int> MultiplyAddTwo(Vector128<int> accumulator, Vector128<sbyte> first, Vector128<sbyte> second, ref sbyte query, nuint offset) =>
        MultiplyAdd(MultiplyAdd(accumulator, first, ref query, offset), second, ref query, offset + (nuint)Count);
}
