using System.Numerics;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
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

    /// <summary>Rows per unit of parallel work in a batch.</summary>
    private const int ChunkRows = 1024;

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

        // Work is handed out in chunks of a few blocks rather than whole segments, so that both cores stay busy
        // to the end (a segment of a 64-query batch is tens of milliseconds; a chunk is under one).
        var chunkRows = Math.Max(1, ChunkRows / blockRows) * blockRows;
        var chunksPerSegment = (Segment.RowsPerSegment + chunkRows - 1) / chunkRows;
        var merged = Enumerable.Range(0, count).Select(_ => new TopK(k)).ToArray();
        Parallel.For(
            0, state.Segments.Length * chunksPerSegment,
            () => (Heaps: Enumerable.Range(0, count).Select(_ => new TopK(k)).ToArray(), Scores: new float[blockRows * FloatKernels.TileQueries]),
            (c, _, local) =>
            {
                var s = c / chunksPerSegment;
                var segment = state.Segments[s];
                var start = (c % chunksPerSegment) * chunkRows;
                var rows = Math.Min(start + chunkRows, state.RowsIn(s));
                var first = s * Segment.RowsPerSegment;
                for (var block = start; block < rows; block += blockRows)
                {
                    var inBlock = Math.Min(blockRows, rows - block);
                    var blockValues = segment.Rows(block, inBlock);
                    for (var q = 0; q < count; q += FloatKernels.TileQueries)
                    {
                        var inGroup = Math.Min(FloatKernels.TileQueries, count - q);
                        FloatKernels.DotTiles(blockValues, inBlock, packed.AsSpan(q * dim, inGroup * dim), inGroup, dim, local.Scores, path);
                        Offer(local.Scores, inBlock, segment, block, first, local.Heaps.AsSpan(q, inGroup));
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
                        merged[q].AddAll(local.Heaps[q]);
                    }
                }
            });
        return merged.Select(m => Hits(state, m)).ToArray();
    }

    internal static IReadOnlyList<SearchHit> Hits(GalleryState state, TopK top) =>
        top.Sorted().Select(e => new SearchHit(state.TemplateId(e.Row), state.SubjectId(e.Row), e.Score)).ToList();

    /// <summary>
    /// A block's scores (row-major, four per row) into the heaps of its queries, live rows only. A row's four
    /// scores are compared with the four heaps' thresholds at once; once the heaps have filled, almost no row
    /// beats any of them, so the scalar work (the live check, the heap) is for the few that do.
    /// </summary>
    private static void Offer(float[] scores, int rows, Segment segment, int row, int first, Span<TopK> heaps)
    {
        ref var s = ref MemoryMarshal.GetArrayDataReference(scores);
        var thresholds = Thresholds(heaps);
        for (var i = 0; i < rows; i++)
        {
            var tile = Vector128.LoadUnsafe(ref s, (nuint)(i * FloatKernels.TileQueries));
            var above = Vector128.GreaterThan(tile, thresholds).ExtractMostSignificantBits();
            if (above == 0 || Volatile.Read(ref segment.Live[row + i]) == 0)
            {
                continue;
            }

            for (; above != 0; above &= above - 1)
            {
                var q = BitOperations.TrailingZeroCount(above);
                heaps[q].Add(tile.GetElement(q), first + row + i);
            }

            thresholds = Thresholds(heaps);
        }
    }

    /// <summary>The heaps' thresholds, one lane each; lanes past the group's queries never pass (their scores repeat the last query's).</summary>
    private static Vector128<float> Thresholds(Span<TopK> heaps)
    {
        var inf = float.PositiveInfinity;
        return Vector128.Create(
            heaps[0].Threshold,
            heaps.Length > 1 ? heaps[1].Threshold : inf,
            heaps.Length > 2 ? heaps[2].Threshold : inf,
            heaps.Length > 3 ? heaps[3].Threshold : inf);
    }
}
