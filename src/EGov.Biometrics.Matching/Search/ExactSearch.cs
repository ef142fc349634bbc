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
        var packed = new float[queries.Count * dim];
        for (var q = 0; q < queries.Count; q++)
        {
            queries[q].CopyTo(packed, q * dim);
        }

        // Cache blocking: a block of rows (BlockBytes, in L2) meets every group of four queries (in L1) in
        // register tiles, so each loaded vector feeds several multiply-adds.
        var tileRows = FloatKernels.TileRows(path);
        var blockRows = Math.Max(1, BlockBytes / (dim * sizeof(float)) / tileRows) * tileRows;
        // A mapped block is decrypted once, for its first group of queries, into the thread's buffer.
        var heaps = BatchScan.Run(state, queries.Count, k, blockRows, () => new float[blockRows * dim], (segment, row, rows, q, count, scores, decrypted) =>
        {
            var mapped = row < segment.MappedRows;
            if (mapped && q == 0)
            {
                segment.ReadRows(row, rows, decrypted.AsSpan(0, rows * dim));
            }

            var values = mapped ? decrypted.AsSpan(0, rows * dim) : segment.Rows(row, rows);
            FloatKernels.DotTiles(values, rows, packed.AsSpan(q * dim, count * dim), count, dim, scores, path);
        });
        return [.. heaps.Select(h => Hits(state, h))];
    }

    internal static IReadOnlyList<SearchHit> Hits(GalleryState state, TopK top) =>
        top.Sorted().Select(e => new SearchHit(state.TemplateId(e.Row), state.SubjectId(e.Row), e.Score)).ToList();
}
