using EGov.Biometrics.Matching.Kernels;

namespace EGov.Biometrics.Matching.Tests;

public sealed class KernelTests
{
    public static TheoryData<KernelPath> FloatPaths => [.. Enum.GetValues<KernelPath>().Where(KernelPaths.IsSupported)];

    public static TheoryData<KernelPath> Int8Paths => [.. Enum.GetValues<KernelPath>().Where(KernelPaths.IsSupportedInt8)];

    private static readonly int[] Dimensions = [.. Enumerable.Range(0, 70), 127, 128, 129, 255, 256, 257, 511, 512, 513, 1000, 1023, 1024, 1031];

    [Theory]
    [MemberData(nameof(FloatPaths))]
    public void Float_dot_matches_the_scalar_reference_at_every_length(KernelPath path)
    {
        var random = new Random(42);
        foreach (var n in Dimensions)
        {
            var a = Enumerable.Range(0, n).Select(_ => (float)((random.NextDouble() * 2) - 1)).ToArray();
            var b = Enumerable.Range(0, n).Select(_ => (float)((random.NextDouble() * 2) - 1)).ToArray();

            var expected = RandomVectors.ScalarDot(a, b);
            var actual = FloatKernels.Dot(a, b, path);

            Assert.True(Math.Abs(expected - actual) <= 1e-5 * Math.Max(1, n), $"n={n}: {actual} vs {expected}");
        }
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
                var packed = Enumerable.Range(0, queries * n).Select(_ => (float)random.NextDouble()).ToArray();
                var scores = new float[queries];

                FloatKernels.DotBlock(row, packed, scores, path);

                for (var q = 0; q < queries; q++)
                {
                    var expected = RandomVectors.ScalarDot(row, packed.AsSpan(q * n, n));
                    Assert.True(Math.Abs(expected - scores[q]) <= 1e-4, $"n={n} q={q}/{queries}: {scores[q]} vs {expected}");
                }
            }
        }
    }

    [Theory]
    [MemberData(nameof(FloatPaths))]
    public void A_4x4_tile_scores_every_row_against_every_query(KernelPath path)
    {
        var random = new Random(8);
        foreach (var n in new[] { 16, 48, 512, 20, 7 })
        {
            var rows = Enumerable.Range(0, 4 * n).Select(_ => (float)((random.NextDouble() * 2) - 1)).ToArray();
            var queries = Enumerable.Range(0, 4 * n).Select(_ => (float)((random.NextDouble() * 2) - 1)).ToArray();
            var scores = new float[16];

            FloatKernels.DotTile4x4(rows, queries, scores, path);

            for (var r = 0; r < 4; r++)
            {
                for (var q = 0; q < 4; q++)
                {
                    var expected = RandomVectors.ScalarDot(rows.AsSpan(r * n, n), queries.AsSpan(q * n, n));
                    Assert.True(Math.Abs(expected - scores[(r * 4) + q]) <= 1e-4 * n, $"n={n} row {r} query {q}");
                }
            }
        }
    }

    [Theory]
    [MemberData(nameof(Int8Paths))]
    public void Int8_dot_is_exact_at_every_length_and_at_the_extremes(KernelPath path)
    {
        var random = new Random(9);
        foreach (var n in Dimensions)
        {
            var row = Enumerable.Range(0, n).Select(_ => (sbyte)random.Next(-127, 128)).ToArray();
            var query = Enumerable.Range(0, n).Select(_ => (short)random.Next(-127, 128)).ToArray();

            Assert.Equal(Reference(row, query), Int8Kernels.Dot(row, query, path));
        }

        // All at ±127: the largest pair sums, which must not overflow 16 bits.
        var extreme = Enumerable.Repeat((sbyte)-127, 1031).ToArray();
        var opposite = Enumerable.Repeat((short)-127, 1031).ToArray();
        Assert.Equal(127 * 127 * 1031, Int8Kernels.Dot(extreme, opposite, path));
    }

    [Fact]
    public void Every_path_is_chosen_only_where_supported()
    {
        Assert.True(KernelPaths.IsSupported(KernelPaths.Best));
        Assert.True(KernelPaths.IsSupportedInt8(KernelPaths.BestInt8));
        Assert.True(KernelPaths.IsSupported(KernelPath.Scalar));
    }

    [Fact]
    public void Quantisation_keeps_the_inner_product_within_its_error_bound()
    {
        var random = new Random(11);
        for (var trial = 0; trial < 50; trial++)
        {
            var a = RandomVectors.Unit(random, 512);
            var b = RandomVectors.Unit(random, 512);
            var qa = new sbyte[512];
            var qb = new sbyte[512];
            var sa = Int8Kernels.Quantize(a, qa);
            var sb = Int8Kernels.Quantize(b, qb);

            var approximate = Int8Kernels.Dot(qa, qb.Select(v => (short)v).ToArray()) * sa * sb;

            Assert.True(Math.Abs(approximate - RandomVectors.ScalarDot(a, b)) < 0.005, $"{approximate} vs {RandomVectors.ScalarDot(a, b)}");
            Assert.Contains(qa, v => Math.Abs(v) == 127);
        }

        Assert.Equal(0f, Int8Kernels.Quantize(new float[8], new sbyte[8]));
    }

    [Fact]
    public void Mismatched_lengths_are_refused()
    {
        Assert.Throws<ArgumentException>(() => FloatKernels.Dot(new float[3], new float[4]));
        Assert.Throws<ArgumentException>(() => Int8Kernels.Dot(new sbyte[3], new short[4]));
        Assert.Throws<ArgumentException>(() => FloatKernels.DotBlock(new float[4], new float[7], new float[2], KernelPath.Scalar));
    }

    private static int Reference(sbyte[] a, short[] b)
    {
        var sum = 0;
        for (var i = 0; i < a.Length; i++)
        {
            sum += a[i] * b[i];
        }

        return sum;
    }
}
