using EGov.Biometrics.Matching.Gallery;
using EGov.Biometrics.Matching.Kernels;

namespace EGov.Biometrics.Matching.Search;

/// <summary>
/// Exact top-k by inner product over a gallery view: segments in parallel, one heap per thread, merged at
/// the end. A batch reads each row from memory once for all its queries, in register tiles.
/// </summary>
internal static class ExactSearch
{
    /// <summary>Rows scored per kernel call of a single query (mapped rows are decrypted a block at a time).</summary>
    private const int Block = 256;

    /// <summary>Rows per cache block of a batch: 128 KiB of floats, which L2 holds beside 64 queries of 512 dimensions.</summary>
    private const int BlockBytes = 128 * 1024;

    public static IReadOnlyList<SearchHit> Run(GalleryState state, float[] query, int k, KernelPath path)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(k, 1);
        var merged = new TopK(k);
        var dim = state.Dimension;
        Parallel.For(
            0, state.Segments.Length,
            () => (Heap: new TopK(k), Decrypted: (float[]?)null),
            (s, _, local) =>
            {
                var segment = state.Segments[s];
                var rows = state.RowsIn(s);
                var live = segment.Live;
                var first = s * Segment.RowsPerSegment;
                Span<float> scores = stackalloc float[Block];
                for (var start = 0; start < rows; start += Block)
                {
                    var count = Math.Min(Block, rows - start);
                    if (start < segment.MappedRows)
                    {
                        // Mapped rows are decrypted a block at a time into the thread's own buffer.
                        local.Decrypted ??= new float[Block * dim];
                    }

                    var values = segment.Rows(start, count, local.Decrypted);
                    FloatKernels.DotRows(values, query, scores[..count], path);
                    for (var i = 0; i < count; i++)
                    {
                        if (scores[i] > local.Heap.Threshold && Volatile.Read(ref live[start + i]) != 0)
                        {
                            local.Heap.Add(scores[i], first + start + i);
                        }
                    }
                }

                return local;
            },
            local =>
            {
                lock (merged)
                {
                    merged.AddAll(local.Heap);
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
            var values = row < segment.MappedRows && q > 0 ? decrypted.AsSpan(0, rows * dim) : segment.Rows(row, rows, decrypted);
            FloatKernels.DotTiles(values, rows, packed.AsSpan(q * dim, count * dim), count, dim, scores, path);
        });
        return [.. heaps.Select(h => Hits(state, h))];
    }

    internal static IReadOnlyList<SearchHit> Hits(GalleryState state, TopK top) =>
        top.Sorted().Select(e => new SearchHit(state.TemplateId(e.Row), state.SubjectId(e.Row), e.Score)).ToList();
}
