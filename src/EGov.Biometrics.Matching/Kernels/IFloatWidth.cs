using System.Runtime.Intrinsics;

namespace EGov.Biometrics.Matching.Kernels;

/// <summary>
/// One SIMD width for the float kernels. <see cref="FloatKernels"/> writes each kernel once, generic over
/// this (as System.Numerics.Tensors' operator structs do); the JIT compiles a copy per width.
/// </summary>
internal interface IFloatWidth<TVector>
    where TVector : struct
{
    /// <summary>Floats per vector.</summary>
    static abstract int Count { get; }

    static abstract TVector Zero { get; }

    static abstract TVector Load(ref float source, nuint offset);

    static abstract TVector MultiplyAdd(TVector left, TVector right, TVector addend);

    static abstract TVector Add(TVector left, TVector right);

    /// <summary>Zeroes all lanes but the last <paramref name="count"/>: the overlapped tail counts each element once.</summary>
    static abstract TVector KeepLast(TVector value, int count);

    static abstract float Sum(TVector value);

    /// <summary>The four sums (a, b, c, d) at once: horizontal adds shared by four accumulators.</summary>
    static abstract Vector128<float> Sum4(TVector a, TVector b, TVector c, TVector d);
}
