namespace EGov.Biometrics.Matching.Kernels;

/// <summary>
/// One instruction set for the int8 inner product. <see cref="Int8Kernels"/> writes the loop once, generic
/// over this; each implementation multiplies <see cref="Count"/> bytes of a row by the query's per step.
/// </summary>
internal interface IInt8Width<TAccumulator>
    where TAccumulator : struct
{
    /// <summary>Bytes per step.</summary>
    static abstract int Count { get; }

    static abstract TAccumulator Zero { get; }

    /// <summary>Adds the products of the <see cref="Count"/> bytes at <paramref name="offset"/>.</summary>
    static abstract TAccumulator Step(TAccumulator accumulator, ref sbyte row, ref sbyte query, ref byte magnitude, nuint offset);

    /// <summary>As <see cref="Step"/>, but only the last <paramref name="keep"/> bytes count: the overlapped last step.</summary>
    static abstract TAccumulator Last(TAccumulator accumulator, ref sbyte row, ref sbyte query, ref byte magnitude, nuint offset, int keep);

    static abstract TAccumulator Add(TAccumulator left, TAccumulator right);

    /// <summary>The inner product from the accumulated lanes; <paramref name="querySum"/> undoes an offset the instructions needed.</summary>
    static abstract int Total(TAccumulator accumulator, int querySum);
}
