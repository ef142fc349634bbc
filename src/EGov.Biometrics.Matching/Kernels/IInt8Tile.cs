using System.Runtime.Intrinsics;

namespace EGov.Biometrics.Matching.Kernels;

/// <summary>
/// One instruction set for the int8 kernels over <see cref="Int8QueryBatch"/> queries: the register tile of a
/// batch (<see cref="Int8Kernels.DotTiles"/>), where a row is loaded and prepared once (<typeparamref name="TRow"/>)
/// and multiplied by each query of the tile, and the full scan's in-order rows. Queries
/// are <see cref="Int8QueryBatch"/> values (|q| ≤ 32), so unsigned-by-signed pair sums of two steps still fit
/// 16 bits.
/// </summary>
internal interface IInt8Tile<TAccumulator, TRow> : IInt8Width<TAccumulator>
    where TAccumulator : struct
    where TRow : struct
{
    /// <summary>What preparing a row adds to each of its values (128 where the instructions need it unsigned), taken off as offset × Σ query.</summary>
    static abstract int RowOffset { get; }

    /// <summary>The <see cref="IInt8Width{TAccumulator}.Count"/> bytes of a row at <paramref name="offset"/>, prepared.</summary>
    static abstract TRow LoadRow(ref sbyte row, nuint offset);

    /// <summary>As <see cref="LoadRow"/>, with every byte but the last <paramref name="keep"/> zeroed after preparing: the overlapped last step.</summary>
    static abstract TRow LoadLastRow(ref sbyte row, nuint offset, int keep);

    /// <summary>The sums of four accumulators' lanes, one lane each.</summary>
    static abstract Vector128<int> Sum4(TAccumulator a, TAccumulator b, TAccumulator c, TAccumulator d);

    /// <summary>Adds the products of a prepared row and the query's bytes at <paramref name="offset"/>.</summary>
    static abstract TAccumulator MultiplyAdd(TAccumulator accumulator, TRow row, ref sbyte query, nuint offset);

    /// <summary>
    /// As two <see cref="MultiplyAdd"/>s, of <paramref name="first"/> at <paramref name="offset"/> and of
    /// <paramref name="second"/> one step further; where the instructions allow, the two add up before they widen.
    /// </summary>
    static abstract TAccumulator MultiplyAddTwo(TAccumulator accumulator, TRow first, TRow second, ref sbyte query, nuint offset);
}
