using CsCheck;
using EGov.Biometrics.Matching.Kernels;

namespace EGov.Biometrics.Matching.Tests;

/// <summary>
/// Property tests (CsCheck): random dimensions, tile shapes and values on every path this machine
/// accelerates; a failure shrinks to the smallest case and prints its seed.
/// </summary>
public sealed class KernelPropertyTests
{
    [Theory]
    [MemberData(nameof(KernelTests.FloatPaths), MemberType = typeof(KernelTests))]
    public void Any_tile_at_any_dimension_matches_the_scalar_reference(KernelPath path)
    {
        var tileRows = FloatKernels.TileRows(path);
        var cases =
            from n in Gen.Int[1, 1100]
            from rowCount in Gen.Int[1, tileRows]
            from queryCount in Gen.Int[1, FloatKernels.TileQueries]
            from rows in Gen.Float[-1f, 1f].Array[rowCount * n]
            from queries in Gen.Float[-1f, 1f].Array[queryCount * n]
            select (n, rowCount, queryCount, rows, queries);

        cases.Sample(c =>
        {
            var scores = new float[4 * tileRows];
            FloatKernels.DotTile(c.rows, c.rowCount, c.queries, c.queryCount, c.n, scores, path);
            for (var r = 0; r < c.rowCount; r++)
            {
                for (var q = 0; q < c.queryCount; q++)
                {
                    var expected = RandomVectors.ScalarDot(c.rows.AsSpan(r * c.n, c.n), c.queries.AsSpan(q * c.n, c.n));
                    if (Math.Abs(expected - scores[(r * FloatKernels.TileQueries) + q]) > 1e-5 * c.n)
                    {
                        return false;
                    }
                }
            }

            return Math.Abs(RandomVectors.ScalarDot(c.rows.AsSpan(0, c.n), c.queries.AsSpan(0, c.n)) - FloatKernels.Dot(c.rows.AsSpan(0, c.n), c.queries.AsSpan(0, c.n), path)) <= 1e-5 * c.n;
        }, iter: 300);
    }

    [Theory]
    [MemberData(nameof(Int8KernelTests.Int8Paths), MemberType = typeof(Int8KernelTests))]
    public void Int8_rows_at_any_dimension_equal_the_integer_reference(Int8Path path)
    {
        var cases =
            from n in Gen.Int[0, 1100]
            from count in Gen.Int[1, 5]
            from rows in Gen.SByte[-127, 127].Array[count * n]
            from query in Gen.SByte[-127, 127].Array[n]
            select (n, count, rows, query);

        cases.Sample(c =>
        {
            var scores = new int[c.count];
            Int8Kernels.DotRows(c.rows, new Int8Query(c.query, 1), scores, path);
            for (var i = 0; i < c.count; i++)
            {
                var expected = 0;
                for (var j = 0; j < c.n; j++)
                {
                    expected += c.rows[(i * c.n) + j] * c.query[j];
                }

                if (scores[i] != expected)
                {
                    return false;
                }
            }

            return true;
        }, iter: 300);
    }
}
