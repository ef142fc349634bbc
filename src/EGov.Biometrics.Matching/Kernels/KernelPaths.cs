using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace EGov.Biometrics.Matching.Kernels;

public static class KernelPaths
{
    /// <summary>The widest path this machine accelerates.</summary>
    public static KernelPath Best { get; } =
        Vector512.IsHardwareAccelerated ? KernelPath.Vector512
        : Vector256.IsHardwareAccelerated ? KernelPath.Vector256
        : Vector128.IsHardwareAccelerated ? KernelPath.Vector128
        : KernelPath.Scalar;

    /// <summary>The widest int8 path: it needs the x86 multiply-add of 16-bit pairs (vpmaddwd).</summary>
    public static KernelPath BestInt8 { get; } =
        Avx512BW.IsSupported ? KernelPath.Vector512
        : Avx2.IsSupported ? KernelPath.Vector256
        : Sse41.IsSupported ? KernelPath.Vector128
        : KernelPath.Scalar;

    public static bool IsSupported(KernelPath path) => path switch
    {
        KernelPath.Scalar => true,
        KernelPath.Vector128 => Vector128.IsHardwareAccelerated,
        KernelPath.Vector256 => Vector256.IsHardwareAccelerated,
        KernelPath.Vector512 => Vector512.IsHardwareAccelerated,
        _ => false,
    };

    public static bool IsSupportedInt8(KernelPath path) => path switch
    {
        KernelPath.Scalar => true,
        KernelPath.Vector128 => Sse41.IsSupported,
        KernelPath.Vector256 => Avx2.IsSupported,
        KernelPath.Vector512 => Avx512BW.IsSupported,
        _ => false,
    };
}
