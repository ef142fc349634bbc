using EGov.Biometrics.Matching.Gallery;
using EGov.Biometrics.Matching.Kernels;

namespace EGov.Biometrics.Matching.Search;

/// <summary>
/// Exact top-k by inner product over a gallery view: segments in parallel, one heap per thread, merged at
/// the end. A batch reads each row from memory once for all its queries, in register tiles.
/// </summary>
internal static class ExactSearch
{
    /// <summary>Rows per cache block of a batch: 128 KiB of floats, which L2 holds beside 64 queries of 512 dimensions.</summary>
    private const int BlockBytes = 128 * 1024;

    public static IReadOnlyList<SearchHit> Run(GalleryState state, float[] query, int k, KernelPath path)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(k, 1);
        var merged = new TopK(k);
        Parallel.For(
            0, state.Segments.Length,
            () => new TopK(k),
            (s, _, local) =>
            {
                var segment = state.Segments[s];
                var rows = state.RowsIn(s);
                var live = segment.Live;
                var first = s * Segment.RowsPerSegment;
                for (var r = 0; r < rows; r++)
                {
                    var score = FloatKernels.Dot(segment.Row(r), query, path);
                    if (score > local.Threshold && Volatile.Read(ref live[r]) != 0)
                    {
                        local.Add(score, first + r);
                    }
                }

                return local;
            },
            local =>
            {
                lock (merged)
                {
                    merged.AddAll(local);
                }
            });
        return Hits(state, merged);
    }

    public static IReadOnlyList<SearchHit>[] RunBatch(GalleryState state, IReadOnlyList<float[]> queries, int k, KernelPath path)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(k, 1);
        var dim = state.Dimension;
        var count = queries.Count;
        var packed = new float[count * dim];
        for (var q = 0; q < count; q++)
        {
            queries[q].CopyTo(packed, q * dim);
        }

        // Cache blocking: a block of rows (BlockBytes, in L2) meets every group of four queries (in L1) in
        // register tiles, so each row comes from memory once and each loaded vector feeds several multiply-adds.
        var tileRows = FloatKernels.TileRows(path);
        var blockRows = Math.Max(1, BlockBytes / (dim * sizeof(float)) / tileRows) * tileRows;
        var merged = Enumerable.Range(0, count).Select(_ => new TopK(k)).ToArray();
        Parallel.For(
            0, state.Segments.Length,
            () => Enumerable.Range(0, count).Select(_ => new TopK(k)).ToArray(),
            (s, _, local) =>
            {
                var segment = state.Segments[s];
                var rows = state.RowsIn(s);
                var first = s * Segment.RowsPerSegment;
                Span<float> tile = stackalloc float[4 * FloatKernels.TileQueries];
                for (var block = 0; block < rows; block += blockRows)
                {
                    var end = Math.Min(block + blockRows, rows);
                    for (var q = 0; q < count; q += FloatKernels.TileQueries)
                    {
                        var inGroup = Math.Min(FloatKernels.TileQueries, count - q);
                        var group = packed.AsSpan(q * dim, inGroup * dim);
                        for (var r = block; r < end; r += tileRows)
                        {
                            var inTile = Math.Min(tileRows, end - r);
                            FloatKernels.DotTile(segment.Rows(r, inTile), inTile, group, inGroup, dim, tile, path);
                            Offer(tile, inTile, inGroup, segment, r, first, local.AsSpan(q, inGroup));
                        }
                    }
                }

                return local;
            },
            local =>
            {
                lock (merged)
                {
                    for (var q = 0; q < merged.Length; q++)
                    {
                        merged[q].AddAll(local[q]);
                    }
                }
            });
        return merged.Select(m => Hits(state, m)).ToArray();
    }

    internal static IReadOnlyList<SearchHit> Hits(GalleryState state, TopK top) =>
        top.Sorted().Select(e => new SearchHit(state.TemplateId(e.Row), state.SubjectId(e.Row), e.Score)).ToList();

    /// <summary>A tile's scores (row-major, four per row) into the heaps of its queries, live rows only.</summary>
    private static void Offer(ReadOnlySpan<float> tile, int rows, int queries, Segment segment, int row, int first, Span<TopK> heaps)
    {
        for (var i = 0; i < rows; i++)
        {
            if (Volatile.Read(ref segment.Live[row + i]) == 0)
            {
                continue;
            }

            for (var q = 0; q < queries; q++)
            {
                var score = tile[(i * FloatKernels.TileQueries) + q];
                if (score > heaps[q].Threshold)
                {
                    heaps[q].Add(score, first + row + i);
                }
            }
        }
    }
}
