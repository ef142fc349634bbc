using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.Arm;
using System.Runtime.Intrinsics.X86;

namespace EGov.Biometrics.Matching.Kernels;

/// <summary>
/// The portable Vector128 int8 product for any ISA that accelerates Vector128: widen bytes to 16 bits,
/// multiply, add the two halves (at most 2·127², fits 16 bits), widen to int32 and accumulate.
/// </summary>
internal readonly struct Int8Portable : IInt8Tile<Vector128<int>, Vector128<sbyte>>
{
    public static int Count => Vector128<sbyte>.Count;

    public static Vector128<int> Zero => Vector128<int>.Zero;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<int> Step(Vector128<int> accumulator, ref sbyte row, ref sbyte query, ref byte magnitude, nuint offset) =>
        accumulator + Products(Vector128.LoadUnsafe(ref row, offset), Vector128.LoadUnsafe(ref query, offset));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<int> Last(Vector128<int> accumulator, ref sbyte row, ref sbyte query, ref byte magnitude, nuint offset, int keep) =>
        accumulator + Products(KeepLast(Vector128.LoadUnsafe(ref row, offset), keep), Vector128.LoadUnsafe(ref query, offset));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<int> Add(Vector128<int> left, Vector128<int> right) => left + right;

    public static int Total(Vector128<int> accumulator, int querySum) => Vector128.Sum(accumulator);

    public static int RowOffset => 0;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<sbyte> LoadRow(ref sbyte row, nuint offset) => Vector128.LoadUnsafe(ref row, offset);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<sbyte> LoadLastRow(ref sbyte row, nuint offset, int keep) => KeepLast(Vector128.LoadUnsafe(ref row, offset), keep);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<int> MultiplyAdd(Vector128<int> accumulator, Vector128<sbyte> row, ref sbyte query, nuint offset) =>
        accumulator + Products(row, Vector128.LoadUnsafe(ref query, offset));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<int> MultiplyAddTwo(Vector128<int> accumulator, Vector128<sbyte> first, Vector128<sbyte> second, ref sbyte query, nuint offset) =>
        MultiplyAdd(MultiplyAdd(accumulator, first, ref query, offset), second, ref query, offset + (nuint)Count);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<int> Sum4(Vector128<int> a, Vector128<int> b, Vector128<int> c, Vector128<int> d)
    {
        if (Ssse3.IsSupported)
        {
            return Ssse3.HorizontalAdd(Ssse3.HorizontalAdd(a, b), Ssse3.HorizontalAdd(c, d));
        }

        if (AdvSimd.Arm64.IsSupported)
        {
            return AdvSimd.Arm64.AddPairwise(AdvSimd.Arm64.AddPairwise(a, b), AdvSimd.Arm64.AddPairwise(c, d));
        }

        return Vector128.Create(Vector128.Sum(a), Vector128.Sum(b), Vector128.Sum(c), Vector128.Sum(d));
    }

    /// <summary>Zeroes all bytes but the last <paramref name="keep"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Vector128<sbyte> KeepLast(Vector128<sbyte> value, int keep) =>
        value & Vector128.GreaterThanOrEqual(Vector128<sbyte>.Indices, Vector128.Create((sbyte)(Count - keep)));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<int> Products(Vector128<sbyte> row, Vector128<sbyte> query)
    {
        var (rowLow, rowHigh) = Vector128.Widen(row);
        var (queryLow, queryHigh) = Vector128.Widen(query);
        var (low, high) = Vector128.Widen((rowLow * queryLow) + (rowHigh * queryHigh));
        return low + high;
    }
}
