using System.Runtime.InteropServices;
using System.Runtime.Intrinsics.Arm;
using EGov.Biometrics.Matching.Kernels;

namespace EGov.Biometrics.Matching.Tests;

/// <summary>
/// The Arm sdot path is offered exactly where the CPU has sdot. build.sh runs these tests as Arm64 on one emulated CPU
/// with sdot and one without and says which (EGOV_EXPECT_ARM_DOTPROD): if the emulator stopped offering it, both runs
/// would test the same paths and stay green, so that is checked too.
/// </summary>
public sealed class ArmPathTests
{
    [Fact]
    public void The_sdot_path_is_offered_and_named_exactly_where_the_cpu_has_sdot()
    {
        Assert.Equal(Dp.IsSupported, KernelPaths.IsSupported(Int8Path.ArmDotProduct));
        Assert.Equal(Dp.IsSupported, KernelPaths.BestInt8 == Int8Path.ArmDotProduct);
        Assert.Equal(Dp.IsSupported, KernelPaths.Isa == "neon+dotprod");

        var expected = Environment.GetEnvironmentVariable("EGOV_EXPECT_ARM_DOTPROD");
        if (expected is not null)
        {
            Assert.Equal(Architecture.Arm64, RuntimeInformation.ProcessArchitecture);
            Assert.Equal(expected == "1", Dp.IsSupported);
            Assert.Equal(expected == "1" ? "neon+dotprod" : "neon", KernelPaths.Isa);
        }
    }
}
