using EGov.Biometrics.Matching.Kernels;

namespace EGov.Biometrics.Matching.Tests;

/// <summary>
/// Every int8 path this machine has (AVX-512BW, AVX-VNNI, AVX2, Arm sdot) plus the portable Vector128 and
/// scalar ones: integer results, so each must equal the reference exactly, at every length and at the extremes.
/// </summary>
public sealed class Int8KernelTests
{
    public static TheoryData<Int8Path> Int8Paths => [.. Enum.GetValues<Int8Path>().Where(KernelPaths.IsSupported)];

    [Theory]
    [MemberData(nameof(Int8Paths))]
    public void Int8_dot_is_exact_at_every_length(Int8Path path)
    {
        var random = new Random(9);
        foreach (var n in KernelTests.Dimensions)
        {
            var row = Int8Values(random, n);
            var query = Int8Values(random, n);

            Assert.Equal(Reference(row, query), Int8Kernels.Dot(row, new Int8Query(query, 1), path));
        }
    }

    [Theory]
    [MemberData(nameof(Int8Paths))]
    public void A_block_of_rows_scores_each_row_exactly(Int8Path path)
    {
        var random = new Random(10);
        foreach (var n in new[] { 3, 16, 33, 128, 512, 513 })
        {
            foreach (var count in new[] { 1, 3, 4, 5, 7, 8, 256 })
            {
                var rows = Int8Values(random, count * n);
                var query = Int8Values(random, n);
                var scores = new int[count];

                Int8Kernels.DotRows(rows, new Int8Query(query, 1), scores, path);

                for (var i = 0; i < count; i++)
                {
                    Assert.Equal(Reference(rows[(i * n)..((i + 1) * n)], query), scores[i]);
                }
            }
        }

        Assert.Throws<ArgumentException>(() => Int8Kernels.DotRows(new sbyte[10], new Int8Query(new sbyte[4], 1), new int[2], path));
    }

    [Theory]
    [MemberData(nameof(Int8Paths))]
    public void Int8_dot_does_not_overflow_or_saturate_at_the_extremes(Int8Path path)
    {
        foreach (var n in new[] { 31, 64, 513, 1031 })
        {
            // ±127 everywhere: the largest 16-bit pair sums (sign trick) and the largest offsets (VNNI's row + 128).
            var plus = Enumerable.Repeat((sbyte)127, n).ToArray();
            var minus = Enumerable.Repeat((sbyte)-127, n).ToArray();
            var alternating = Enumerable.Range(0, n).Select(i => (sbyte)(i % 2 == 0 ? 127 : -127)).ToArray();

            Assert.Equal(127 * 127 * n, Int8Kernels.Dot(minus, new Int8Query(minus, 1), path));
            Assert.Equal(-127 * 127 * n, Int8Kernels.Dot(plus, new Int8Query(minus, 1), path));
            Assert.Equal(Reference(alternating, plus), Int8Kernels.Dot(alternating, new Int8Query(plus, 1), path));
            Assert.Equal(0, Int8Kernels.Dot(plus, new Int8Query(new sbyte[n], 1), path));

            // The same rows four at a time (the block kernel's query loads shared by four rows) and one more.
            var scores = new int[5];
            Int8Kernels.DotRows([.. minus, .. plus, .. alternating, .. minus, .. plus], new Int8Query(minus, 1), scores, path);
            Assert.Equal([127 * 127 * n, -127 * 127 * n, Reference(alternating, minus), 127 * 127 * n, -127 * 127 * n], scores);
        }
    }

    [Theory]
    [MemberData(nameof(Int8Paths))]
    public void Int8_tiles_score_every_row_against_every_query_exactly(Int8Path path)
    {
        var random = new Random(12);
        // 97 (AVX2) and 200 (AVX-512): paired steps, then one full step, then the masked last one.
        foreach (var n in new[] { 3, 16, 33, 97, 128, 200, 512, 513 })
        {
            var queries = new Int8QueryBatch(Int8Values(random, 6 * n, Int8QueryBatch.Limit), 6);
            foreach (var rowCount in new[] { 1, 2, 3, 5, 256 })
            {
                var rows = Int8Values(random, rowCount * n, 127);
                // Groups of four, of fewer, and one that starts inside the batch.
                foreach (var (first, count) in new[] { (0, 4), (4, 2), (1, 3), (5, 1) })
                {
                    var scores = new int[rowCount * 4];
                    Int8Kernels.DotTiles(rows, rowCount, queries, first, count, scores, path);

                    for (var r = 0; r < rowCount; r++)
                    {
                        for (var q = 0; q < count; q++)
                        {
                            Assert.Equal(Reference(rows[(r * n)..((r + 1) * n)], queries.Values(first + q).ToArray()), scores[(r * 4) + q]);
                        }
                    }
                }
            }
        }
    }

    [Theory]
    [MemberData(nameof(Int8Paths))]
    public void Int8_tiles_do_not_saturate_at_the_extremes(Int8Path path)
    {
        foreach (var n in new[] { 32, 64, 96, 513 })
        {
            // Rows of ±127 become 255 or 1 once made unsigned; queries of ±32 give the largest 16-bit sums: two
            // steps' pair sums added before they widen (2 × 2 × 255 × 32), one step alone, and the masked last.
            var rows = new[] { 127, -127, 127, -127, 127 }.SelectMany(v => Enumerable.Repeat((sbyte)v, n)).ToArray();
            var limit = (sbyte)Int8QueryBatch.Limit;
            sbyte[] plus = [.. Enumerable.Repeat(limit, n)], minus = [.. Enumerable.Repeat((sbyte)-limit, n)];
            var queries = new Int8QueryBatch([.. plus, .. minus, .. plus, .. minus], 4);
            var scores = new int[5 * 4];

            Int8Kernels.DotTiles(rows, 5, queries, 0, 4, scores, path);

            var high = 127 * limit * n;
            Assert.Equal([high, -high, high, -high, -high, high, -high, high, high, -high, high, -high, -high, high, -high, high, high, -high, high, -high], scores);
        }
    }

    [Theory]
    [MemberData(nameof(Int8Paths))]
    public void The_in_order_scan_scores_each_row_against_one_batch_query_exactly(Int8Path path)
    {
        var random = new Random(15);
        // Paired steps, one full step and the masked last one on each width; row counts around the groups of four.
        foreach (var n in new[] { 3, 16, 33, 97, 128, 200, 512, 513 })
        {
            var queries = new Int8QueryBatch(Int8Values(random, 3 * n, Int8QueryBatch.Limit), 3);
            foreach (var rowCount in new[] { 0, 1, 3, 4, 5, 7, 8, 256 })
            {
                var rows = Int8Values(random, rowCount * n, 127);
                foreach (var query in new[] { 0, 2 })
                {
                    var scores = new int[rowCount];
                    Int8Kernels.DotRows(rows, queries, query, scores, path);

                    for (var r = 0; r < rowCount; r++)
                    {
                        Assert.Equal(Reference(rows[(r * n)..((r + 1) * n)], queries.Values(query).ToArray()), scores[r]);
                    }
                }
            }
        }
    }

    [Theory]
    [MemberData(nameof(Int8Paths))]
    public void The_in_order_scan_does_not_saturate_at_the_extremes(Int8Path path)
    {
        foreach (var n in new[] { 32, 64, 96, 513 })
        {
            // ±127 rows (255 or 1 once unsigned) by ±32: the largest 16-bit sums, paired, single and masked steps.
            var rows = new[] { 127, -127, 127, -127, 127, -127 }.SelectMany(v => Enumerable.Repeat((sbyte)v, n)).ToArray();
            var limit = (sbyte)Int8QueryBatch.Limit;
            var queries = new Int8QueryBatch([.. Enumerable.Repeat(limit, n), .. Enumerable.Repeat((sbyte)-limit, n)], 2);
            var (plus, minus) = (new int[6], new int[6]);

            Int8Kernels.DotRows(rows, queries, 0, plus, path);
            Int8Kernels.DotRows(rows, queries, 1, minus, path);

            var high = 127 * limit * n;
            Assert.Equal([high, -high, high, -high, high, -high], plus);
            Assert.Equal([-high, high, -high, high, -high, high], minus);
        }
    }

    [Fact]
    public void The_in_order_scan_refuses_rows_out_of_shape_and_a_query_the_batch_lacks()
    {
        var queries = new Int8QueryBatch(new sbyte[2 * 64], 2);

        Assert.Contains("3 rows of 64 dimensions need 192 values, got 190", Assert.Throws<ArgumentException>(() => Int8Kernels.DotRows(new sbyte[190], queries, 0, new int[3], Int8Path.Scalar)).Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentOutOfRangeException>(() => Int8Kernels.DotRows(new sbyte[64], queries, 2, new int[1], Int8Path.Scalar));
        Assert.Throws<ArgumentOutOfRangeException>(() => Int8Kernels.DotRows(new sbyte[64], queries, -1, new int[1], Int8Path.Scalar));
    }

    [Fact]
    public void Batch_queries_are_quantised_within_the_limit_and_wider_values_are_refused()
    {
        var random = new Random(13);
        var vectors = Enumerable.Range(0, 3).Select(_ => RandomVectors.Unit(random, 512)).ToArray();
        var batch = new Int8QueryBatch(vectors, 512);

        for (var q = 0; q < 3; q++)
        {
            var values = batch.Values(q).ToArray();
            Assert.Equal(Int8QueryBatch.Limit, values.Max(v => Math.Abs((int)v)));
            // Six bits keep inner products close: within 0.01 of the exact one for unit vectors.
            var row = new sbyte[512];
            var scale = Int8Kernels.Quantize(vectors[(q + 1) % 3], row);
            var approximate = Reference(row, values) * scale * (vectors[q].Max(Math.Abs) / Int8QueryBatch.Limit);
            Assert.True(Math.Abs(approximate - RandomVectors.ScalarDot(vectors[(q + 1) % 3], vectors[q])) < 0.01, $"{approximate}");
        }

        Assert.Contains("33", Assert.Throws<ArgumentOutOfRangeException>(() => new Int8QueryBatch([1, 33], 1)).Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => new Int8QueryBatch([.. vectors, new float[3]], 512));
        Assert.Throws<ArgumentException>(() => Int8Kernels.DotTiles(new sbyte[512], 1, batch, 2, 2, new int[4], Int8Path.Scalar));
    }

    [Fact]
    public void Paths_the_processor_lacks_are_refused()
    {
        // On any machine some are missing (Arm sdot on x86, AVX on Arm).
        var missing = Enum.GetValues<Int8Path>().Where(p => !KernelPaths.IsSupported(p)).ToList();
        Assert.NotEmpty(missing);
        foreach (var path in missing)
        {
            Assert.Throws<PlatformNotSupportedException>(() => Int8Kernels.Dot(new sbyte[64], new Int8Query(new sbyte[64], 1), path));
        }
    }

    [Fact]
    public void A_prepared_query_quantises_like_a_row_and_keeps_the_inner_product_within_its_error_bound()
    {
        var random = new Random(11);
        for (var trial = 0; trial < 50; trial++)
        {
            var a = RandomVectors.Unit(random, 512);
            var b = RandomVectors.Unit(random, 512);
            var row = new sbyte[512];
            var scale = Int8Kernels.Quantize(a, row);
            var query = new Int8Query(b);

            var approximate = Int8Kernels.Dot(row, query) * scale * query.Scale;

            Assert.True(Math.Abs(approximate - RandomVectors.ScalarDot(a, b)) < 0.005, $"{approximate} vs {RandomVectors.ScalarDot(a, b)}");
            Assert.Contains(row.ToArray(), v => Math.Abs(v) == 127);
            Assert.DoesNotContain(row.ToArray(), v => v == sbyte.MinValue);
        }

        Assert.Equal(0f, Int8Kernels.Quantize(new float[8], new sbyte[8]));
    }

    [Fact]
    public void Mismatched_lengths_and_minus_128_are_refused()
    {
        Assert.Throws<ArgumentException>(() => Int8Kernels.Dot(new sbyte[3], new Int8Query(new sbyte[4], 1)));
        Assert.Contains("-128", Assert.Throws<ArgumentOutOfRangeException>(() => new Int8Query([1, sbyte.MinValue], 1)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Batch_queries_holding_nan_or_infinity_are_refused_by_their_index()
    {
        var good = RandomVectors.Unit(new Random(14), 16);
        foreach (var bad in new[] { float.NaN, float.PositiveInfinity, float.NegativeInfinity })
        {
            // Quantised as they were, such queries became all zeros and scored every row 0.
            float[] query = [.. good[..5], bad, .. good[6..]];
            var error = Assert.Throws<ArgumentException>(() => new Int8QueryBatch([good, query], 16));
            Assert.Contains("Query 1 holds NaN or infinity", error.Message, StringComparison.Ordinal);
        }

        Assert.Contains("Query 0 is null", Assert.Throws<ArgumentNullException>(() => new Int8QueryBatch([null!], 16)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Tiles_out_of_shape_are_refused_with_what_is_wrong()
    {
        var batch = new Int8QueryBatch(new sbyte[3 * 32], 3);

        string Refusal(int rowValues, int first, int count, int scores) =>
            Assert.Throws<ArgumentException>(() => Int8Kernels.DotTiles(new sbyte[rowValues], 1, batch, first, count, new int[scores], Int8Path.Scalar)).Message;

        Assert.Contains("1 rows need 32 values, got 31", Refusal(31, 0, 1, 4), StringComparison.Ordinal);
        Assert.Contains("1 to 4 of the batch's 3 queries: 2 from query 2 is not", Refusal(32, 2, 2, 4), StringComparison.Ordinal);
        Assert.Contains("1 to 4 of the batch's 3 queries: 1 from query -1 is not", Refusal(32, -1, 1, 4), StringComparison.Ordinal);
        Assert.Contains("1 rows need 4 scores (4 per row), got 3", Refusal(32, 0, 1, 3), StringComparison.Ordinal);
    }

    private static sbyte[] Int8Values(Random random, int n, int limit = 127) => Enumerable.Range(0, n).Select(_ => (sbyte)random.Next(-limit, limit + 1)).ToArray();

    private static int Reference(sbyte[] a, sbyte[] b)
    {
        var sum = 0;
        for (var i = 0; i < a.Length; i++)
        {
            sum += a[i] * b[i];
        }

        return sum;
    }
}
