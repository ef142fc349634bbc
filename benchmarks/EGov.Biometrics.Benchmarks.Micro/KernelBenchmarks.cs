using System.Numerics.Tensors;
using BenchmarkDotNet.Attributes;
using EGov.Biometrics.Matching.Kernels;

namespace EGov.Biometrics.Benchmarks.Micro;

/// <summary>One inner product per kernel path, against TensorPrimitives.Dot as the baseline.</summary>
[MemoryDiagnoser]
public class KernelBenchmarks
{
    private float[] _a = [];
    private float[] _b = [];
    private float[] _tileRows = [];
    private float[] _tileQueries = [];
    private readonly float[] _tile = new float[16];
    private sbyte[] _row8 = [];
    private short[] _query16 = [];

    [Params(128, 512)]
    public int Dimension { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(1);
        float[] Vector(int n) => Enumerable.Range(0, n).Select(_ => (float)random.NextDouble()).ToArray();
        (_a, _b) = (Vector(Dimension), Vector(Dimension));
        (_tileRows, _tileQueries) = (Vector(4 * Dimension), Vector(4 * Dimension));
        _row8 = Enumerable.Range(0, Dimension).Select(_ => (sbyte)random.Next(-127, 128)).ToArray();
        _query16 = Enumerable.Range(0, Dimension).Select(_ => (short)random.Next(-127, 128)).ToArray();
    }

    [Benchmark(Baseline = true)]
    public float TensorPrimitivesDot() => TensorPrimitives.Dot(_a, _b);

    [Benchmark]
    public float Vector512Dot() => FloatKernels.Dot(_a, _b, KernelPath.Vector512);

    [Benchmark]
    public float Vector256Dot() => FloatKernels.Dot(_a, _b, KernelPath.Vector256);

    [Benchmark]
    public float ScalarDot() => FloatKernels.Dot(_a, _b, KernelPath.Scalar);

    /// <summary>Sixteen inner products at once; divide by 16 to compare with one Dot.</summary>
    [Benchmark]
    public float Tile4x4() => TileOnce();

    [Benchmark]
    public int Int8Dot() => Int8Kernels.Dot(_row8, _query16);

    private float TileOnce()
    {
        FloatKernels.DotTile4x4(_tileRows, _tileQueries, _tile, KernelPaths.Best);
        return _tile[15];
    }
}
