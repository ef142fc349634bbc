namespace EGov.Biometrics.Matching.Kernels;

/// <summary>The instructions an int8 inner product runs on. The best the hardware has is chosen at run time; tests force each it has.</summary>
public enum Int8Path
{
    Scalar,

    /// <summary>Portable Vector128: widen to 16 bits, multiply, widen to 32 and add (any ISA that accelerates Vector128).</summary>
    Vector128,

    /// <summary>Arm64 sdot (<c>Dp.DotProduct</c>): four signed byte products into each int32 lane.</summary>
    ArmDotProduct,

    /// <summary>AVX2 vpmaddubsw + vpmaddwd with the sign trick: |query| × (row with the query's sign).</summary>
    Avx2,

    /// <summary>AVX-VNNI vpdpbusd (256-bit): (row + 128) × query, less 128 × Σ query.</summary>
    AvxVnni,

    /// <summary>AVX-512BW vpmaddubsw + vpmaddwd on 512 bits with the sign trick.</summary>
    Avx512BW,
}
