using System.Numerics.Tensors;
using BenchmarkDotNet.Attributes;
using EGov.Biometrics.Matching.Kernels;

namespace EGov.Biometrics.Benchmarks.Micro;

/// <summary>
/// The float kernels on each path this machine accelerates (never one it would emulate), against
/// TensorPrimitives.Dot as the baseline. The ISA is printed before the run and named in each path.
/// </summary>
[MemoryDiagnoser]
public class KernelBenchmarks
{
    /// <summary>Rows in a batch's cache block at 512 dimensions (128 KiB of floats).</summary>
    private const int BlockRows = 64;

    private float[] _a = [];
    private float[] _b = [];
    private float[] _tileRows = [];
    private float[] _tileQueries = [];
    private readonly float[] _tile = new float[16];
    private float[] _blockRows = [];
    private readonly float[] _blockScores = new float[BlockRows * 4];

    [Params(128, 512, 513)]
    public int Dimension { get; set; }

    [ParamsSource(nameof(Paths))]
    public KernelPath Path { get; set; }

    /// <summary>The accelerated float paths only: a forced Vector512 path on AVX2 hardware would measure software emulation.</summary>
    public static IEnumerable<KernelPath> Paths => Enum.GetValues<KernelPath>().Where(p => p != KernelPath.Scalar && KernelPaths.IsSupported(p));

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(1);
        float[] Vector(int n) => Enumerable.Range(0, n).Select(_ => (float)random.NextDouble()).ToArray();
        (_a, _b) = (Vector(Dimension), Vector(Dimension));
        (_tileRows, _tileQueries) = (Vector(4 * Dimension), Vector(4 * Dimension));
        _blockRows = Vector(BlockRows * Dimension);
    }

    [Benchmark(Baseline = true)]
    public float TensorPrimitivesDot() => TensorPrimitives.Dot(_a, _b);

    [Benchmark]
    public float Dot() => FloatKernels.Dot(_a, _b, Path);

    /// <summary>Sixteen inner products (four rows by four queries) in register tiles; divide by 16 to compare with one Dot.</summary>
    [Benchmark]
    public float Tile4x4()
    {
        FloatKernels.DotTile4x4(_tileRows, _tileQueries, _tile, Path);
        return _tile[15];
    }

    /// <summary>A batch's cache block (64 rows) against four queries in one call, as ExactSearch.RunBatch runs it; divide by 256 to compare with one Dot.</summary>
    [Benchmark]
    public float Block64x4()
    {
        FloatKernels.DotTiles(_blockRows, BlockRows, _tileQueries, 4, Dimension, _blockScores, Path);
        return _blockScores[^1];
    }
}
