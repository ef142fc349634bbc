using BenchmarkDotNet.Attributes;
using EGov.Biometrics.Matching.Kernels;

namespace EGov.Biometrics.Benchmarks.Micro;

/// <summary>
/// The int8 kernels on each instruction set this machine has, beside the portable Vector128 one: one row against
/// an <see cref="Int8Query"/> (the cascade's re-rank), a block of 256 rows against it, and the same block in order
/// against a ±32 batch query (the full scan); the blocks per row.
/// </summary>
[MemoryDiagnoser]
public class Int8KernelBenchmarks
{
    private const int BlockRows = 256;

    private sbyte[] _row = [];
    private Int8Query _query;
    private sbyte[] _block = [];
    private Int8QueryBatch? _batchQuery;
    private int[] _scores = [];

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
        _block = Enumerable.Range(0, BlockRows * Dimension).Select(_ => (sbyte)random.Next(-127, 128)).ToArray();
        _batchQuery = new Int8QueryBatch(Enumerable.Range(0, Dimension).Select(_ => (sbyte)random.Next(-Int8QueryBatch.Limit, Int8QueryBatch.Limit + 1)).ToArray(), 1);
        _scores = new int[BlockRows];
    }

    [Benchmark]
    public int Int8Dot() => Int8Kernels.Dot(_row, _query, Path);

    [Benchmark(OperationsPerInvoke = BlockRows)]
    public int Int8RowsSignTrick()
    {
        Int8Kernels.DotRows(_block, _query, _scores, Path);
        return _scores[^1];
    }

    [Benchmark(OperationsPerInvoke = BlockRows)]
    public int Int8RowsInOrder()
    {
        Int8Kernels.DotRows(_block, _batchQuery!, 0, _scores, Path);
        return _scores[^1];
    }
}
