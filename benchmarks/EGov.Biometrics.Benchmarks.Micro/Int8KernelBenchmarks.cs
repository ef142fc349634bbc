using BenchmarkDotNet.Attributes;
using EGov.Biometrics.Matching.Kernels;

namespace EGov.Biometrics.Benchmarks.Micro;

/// <summary>The int8 inner product on each instruction set this machine has, beside the portable Vector128 one.</summary>
[MemoryDiagnoser]
public class Int8KernelBenchmarks
{
    private sbyte[] _row = [];
    private Int8Query _query;

    [Params(128, 512, 513)]
    public int Dimension { get; set; }

    [ParamsSource(nameof(Paths))]
    public Int8Path Path { get; set; }

    public static IEnumerable<Int8Path> Paths => Enum.GetValues<Int8Path>().Where(p => p != Int8Path.Scalar && KernelPaths.IsSupported(p));

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(1);
        _row = Enumerable.Range(0, Dimension).Select(_ => (sbyte)random.Next(-127, 128)).ToArray();
        _query = new Int8Query(Enumerable.Range(0, Dimension).Select(_ => (sbyte)random.Next(-127, 128)).ToArray(), 1);
    }

    [Benchmark]
    public int Int8Dot() => Int8Kernels.Dot(_row, _query, Path);
}
