namespace EGov.Biometrics.Matching.Kernels;

/// <summary>The SIMD width a kernel runs at. The widest the hardware accelerates is chosen at run time; tests force each.</summary>
public enum KernelPath
{
    Scalar,
    Vector128,
    Vector256,
    Vector512,
}
