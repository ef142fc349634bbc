using EGov.Biometrics.Matching.Kernels;

namespace EGov.Biometrics.Matching.Tests;

/// <summary>
/// Every float path this machine accelerates, plus the scalar one, against a scalar double-precision
/// reference at lengths that exercise full steps, the masked overlapped tail and the drop to narrower paths.
/// `./build.sh test` runs this project again with DOTNET_EnableAVX512=0 on AVX-512 machines, so the AVX2 paths are tested there too.
/// </summary>
public sealed class KernelTests
{
    public static TheoryData<KernelPath> FloatPaths => [.. Enum.GetValues<KernelPath>().Where(KernelPaths.IsSupported)];

    internal static readonly int[] Dimensions = [.. Enumerable.Range(0, 70), 127, 128, 129, 255, 256, 257, 511, 512, 513, 1000, 1023, 1024, 1031];

    [Theory]
    [MemberData(nameof(FloatPaths))]
    public void Float_dot_matches_the_scalar_reference_at_every_length(KernelPath path)
    {
        var random = new Random(42);
        foreach (var n in Dimensions)
        {
            var a = Values(random, n);
            var b = Values(random, n);

            var expected = RandomVectors.ScalarDot(a, b);
            var actual = FloatKernels.Dot(a, b, path);

            Assert.True(Math.Abs(expected - actual) <= 1e-5 * Math.Max(1, n), $"n={n}: {actual} vs {expected}");
        }
    }

    [Theory]
    [MemberData(nameof(FloatPaths))]
    public void The_masked_tail_counts_each_element_once(KernelPath path)
    {
        // Small integers keep every sum exact in float: a lane counted twice or dropped changes it.
        foreach (var n in new[] { 3, 5, 17, 33, 65, 127, 513 })
        {
            var a = Enumerable.Range(0, n).Select(i => (float)((i % 13) + 1)).ToArray();
            var b = Enumerable.Repeat(1f, n).ToArray();

            Assert.Equal((float)a.Sum(v => (double)v), FloatKernels.Dot(a, b, path));
        }
    }

    [Theory]
    [MemberData(nameof(FloatPaths))]
    public void A_block_of_rows_scores_each_row_as_a_single_dot_does(KernelPath path)
    {
        var random = new Random(8);
        foreach (var n in new[] { 3, 8, 16, 17, 100, 512, 515 })
        {
            foreach (var count in new[] { 0, 1, 3, 256 })
            {
                var rows = Values(random, count * n);
                var query = RandomVectors.Unit(random, n);
                var scores = new float[count];

                FloatKernels.DotRows(rows, query, scores, path);

                for (var i = 0; i < count; i++)
                {
                    // The same kernel as a single dot, so the same bits; and within rounding of the reference.
                    Assert.Equal(FloatKernels.Dot(rows.AsSpan(i * n, n), query, path), scores[i]);
                    Assert.True(Math.Abs(RandomVectors.ScalarDot(rows.AsSpan(i * n, n), query) - scores[i]) <= 1e-5 * n, $"n={n}, row {i}");
                }
            }
        }

        Assert.Contains("3 rows of 4 dimensions need 12 values, got 11", Assert.Throws<ArgumentException>(() => FloatKernels.DotRows(new float[11], new float[4], new float[3], path)).Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(FloatPaths))]
    public void A_block_of_queries_scores_like_each_query_alone(KernelPath path)
    {
        var random = new Random(7);
        foreach (var n in new[] { 3, 8, 16, 17, 100, 512, 515 })
        {
            foreach (var queries in new[] { 1, 3, 4, 5, 8, 9, 64 })
            {
                var row = RandomVectors.Unit(random, n);
                var packed = Values(random, queries * n);
                var scores = new float[queries];

                FloatKernels.DotBlock(row, packed, scores, path);

                for (var q = 0; q < queries; q++)
                {
                    var expected = RandomVectors.ScalarDot(row, packed.AsSpan(q * n, n));
                    Assert.True(Math.Abs(expected - scores[q]) <= 1e-4 * Math.Sqrt(n), $"n={n} q={q}/{queries}: {scores[q]} vs {expected}");
                }
            }
        }
    }

    [Theory]
    [MemberData(nameof(FloatPaths))]
    public void A_register_tile_of_any_size_scores_every_row_against_every_query(KernelPath path)
    {
        var random = new Random(8);
        var tileRows = FloatKernels.TileRows(path);
        foreach (var n in Dimensions.Where(d => d > 0))
        {
            for (var rowCount = 1; rowCount <= tileRows; rowCount++)
            {
                for (var queryCount = 1; queryCount <= FloatKernels.TileQueries; queryCount++)
                {
                    var rows = Values(random, rowCount * n);
                    var queries = Values(random, queryCount * n);
                    var scores = new float[4 * tileRows];

                    FloatKernels.DotTile(rows, rowCount, queries, queryCount, n, scores, path);

                    AssertTileScores(rows, rowCount, queries, queryCount, n, scores);
                }
            }
        }
    }

    [Theory]
    [MemberData(nameof(FloatPaths))]
    public void A_block_of_tiles_scores_any_number_of_rows_against_every_query(KernelPath path)
    {
        var random = new Random(11);
        foreach (var n in new[] { 3, 7, 16, 20, 128, 512, 513 })
        {
            // Counts that end in a whole tile, in part of one, and a whole cache block (64 rows).
            foreach (var rowCount in new[] { 1, 2, 4, 5, 6, 7, 12, 13, 64 })
            {
                for (var queryCount = 1; queryCount <= FloatKernels.TileQueries; queryCount++)
                {
                    var rows = Values(random, rowCount * n);
                    var queries = Values(random, queryCount * n);
                    var scores = new float[4 * rowCount];

                    FloatKernels.DotTiles(rows, rowCount, queries, queryCount, n, scores, path);

                    AssertTileScores(rows, rowCount, queries, queryCount, n, scores);
                }
            }
        }
    }

    [Theory]
    [MemberData(nameof(FloatPaths))]
    public void A_4x4_tile_scores_every_row_against_every_query(KernelPath path)
    {
        var random = new Random(9);
        foreach (var n in new[] { 16, 48, 512, 20, 7, 3, 513 })
        {
            var rows = Values(random, 4 * n);
            var queries = Values(random, 4 * n);
            var scores = new float[16];

            FloatKernels.DotTile4x4(rows, queries, scores, path);

            for (var r = 0; r < 4; r++)
            {
                for (var q = 0; q < 4; q++)
                {
                    var expected = RandomVectors.ScalarDot(rows.AsSpan(r * n, n), queries.AsSpan(q * n, n));
                    Assert.True(Math.Abs(expected - scores[(r * 4) + q]) <= 1e-5 * n, $"n={n} row {r} query {q}");
                }
            }
        }
    }

    [Fact]
    public void Every_path_is_chosen_only_where_the_hardware_accelerates_it()
    {
        Assert.True(KernelPaths.IsSupported(KernelPaths.Best));
        Assert.True(KernelPaths.IsSupported(KernelPaths.BestInt8));
        Assert.True(KernelPaths.IsSupported(KernelPath.Scalar));
        Assert.Equal(System.Runtime.Intrinsics.Vector512.IsHardwareAccelerated, KernelPaths.Best == KernelPath.Vector512);
        Assert.Equal(System.Runtime.Intrinsics.Vector512.IsHardwareAccelerated, KernelPaths.Isa.StartsWith("avx512", StringComparison.Ordinal));

        // A path the processor would emulate in software is refused, never run slowly.
        foreach (var path in Enum.GetValues<KernelPath>().Where(p => !KernelPaths.IsSupported(p)))
        {
            Assert.Throws<PlatformNotSupportedException>(() => FloatKernels.Dot(new float[64], new float[64], path));
        }
    }

    [Fact]
    public void Mismatched_lengths_and_oversized_tiles_are_refused()
    {
        Assert.Throws<ArgumentException>(() => FloatKernels.Dot(new float[3], new float[4]));
        Assert.Throws<ArgumentException>(() => FloatKernels.DotBlock(new float[4], new float[7], new float[2], KernelPath.Scalar));
        var tileRows = FloatKernels.TileRows(KernelPaths.Best);
        Assert.Throws<ArgumentException>(() => FloatKernels.DotTile(new float[80], tileRows + 1, new float[40], 4, 8, new float[32], KernelPaths.Best));
        Assert.Throws<ArgumentException>(() => FloatKernels.DotTile(new float[80], 1, new float[40], 5, 8, new float[32], KernelPaths.Best));
        Assert.Throws<ArgumentException>(() => FloatKernels.DotTiles(new float[80], 10, new float[40], 5, 8, new float[40], KernelPaths.Best));
        Assert.Throws<ArgumentException>(() => FloatKernels.DotTiles(new float[80], 10, new float[32], 4, 8, new float[39], KernelPaths.Best));
        Assert.Throws<ArgumentException>(() => FloatKernels.DotTiles(new float[79], 10, new float[32], 4, 8, new float[40], KernelPaths.Best));
    }

    /// <summary>Tile scores (four per row) against the scalar reference.</summary>
    private static void AssertTileScores(float[] rows, int rowCount, float[] queries, int queryCount, int n, float[] scores)
    {
        for (var r = 0; r < rowCount; r++)
        {
            for (var q = 0; q < queryCount; q++)
            {
                var expected = RandomVectors.ScalarDot(rows.AsSpan(r * n, n), queries.AsSpan(q * n, n));
                var actual = scores[(r * FloatKernels.TileQueries) + q];
                Assert.True(Math.Abs(expected - actual) <= 1e-5 * n, $"n={n} {rowCount}x{queryCount}: row {r} query {q}: {actual} vs {expected}");
            }
        }
    }

    internal static float[] Values(Random random, int n) => Enumerable.Range(0, n).Select(_ => (float)((random.NextDouble() * 2) - 1)).ToArray();
}
