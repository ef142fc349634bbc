using System.Numerics;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using EGov.Biometrics.Matching.Gallery;
using EGov.Biometrics.Matching.Kernels;

namespace EGov.Biometrics.Matching.Search;

/// <summary>
/// The pass of a batch over the gallery, whatever scores it: cache blocks of rows meet every group of four
/// queries, so each row comes from memory once; work is handed out in chunks of a few blocks so both cores
/// stay busy to the end; one heap per query per thread, merged at the end.
/// </summary>
internal static class BatchScan
{
    /// <summary>Rows per unit of parallel work.</summary>
    private const int ChunkRows = 1024;

    /// <summary>
    /// Fills <paramref name="scores"/>[r·4 + q] for rows <paramref name="row"/>… of <paramref name="segment"/> (a
    /// block of <paramref name="rows"/>) against the batch's queries <paramref name="query"/>… (up to four).
    /// A block meets query 0 first, then the others in order; <paramref name="local"/> is the scorer's own
    /// per-thread state, to keep what it prepared for the block.
    /// </summary>
    public delegate void GroupScorer<in TLocal>(Segment segment, int row, int rows, int query, int queries, float[] scores, TLocal local);

    /// <summary>The best <paramref name="heapSize"/> rows of each of <paramref name="queryCount"/> queries by <paramref name="score"/>.</summary>
    public static TopK[] Run<TLocal>(GalleryState state, int queryCount, int heapSize, int blockRows, Func<TLocal> createLocal, GroupScorer<TLocal> score)
    {
        var chunkRows = Math.Max(1, ChunkRows / blockRows) * blockRows;
        var chunksPerSegment = (Segment.RowsPerSegment + chunkRows - 1) / chunkRows;
        var merged = Enumerable.Range(0, queryCount).Select(_ => new TopK(heapSize)).ToArray();
        Parallel.For(
            0, state.Segments.Length * chunksPerSegment,
            () => (Heaps: Enumerable.Range(0, queryCount).Select(_ => new TopK(heapSize)).ToArray(), Scores: new float[blockRows * FloatKernels.TileQueries], Scorer: createLocal()),
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
                    for (var q = 0; q < queryCount; q += FloatKernels.TileQueries)
                    {
                        var inGroup = Math.Min(FloatKernels.TileQueries, queryCount - q);
                        score(segment, block, inBlock, q, inGroup, local.Scores, local.Scorer);
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
        return merged;
    }

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
