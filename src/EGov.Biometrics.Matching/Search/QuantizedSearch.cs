using System.Numerics;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using EGov.Biometrics.Matching.Gallery;
using EGov.Biometrics.Matching.Kernels;

namespace EGov.Biometrics.Matching.Search;

/// <summary>
/// Int8 scan over the quantised copy (a quarter of the float bytes) for the best candidates by approximate
/// score, then the exact float inner product of those candidates picks the final top k.
/// </summary>
internal static class QuantizedSearch
{
    /// <summary>Rows scored per kernel call.</summary>
    private const int Block = 1024;

    /// <summary>Bytes of int8 rows per cache block of a batch: L2 holds them beside the batch's queries.</summary>
    private const int BlockBytes = 128 * 1024;

    public static IReadOnlyList<SearchHit> Run(GalleryState state, float[] query, int k, int candidates)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(k, 1);
        candidates = Math.Max(candidates, k);
        // Prepared once, as a batch query (|q| ≤ 32) for the in-order kernel; the query's own scale is common to
        // all rows, so the order does not need it.
        var prepared = new Int8QueryBatch([query], query.Length);
        var path = KernelPaths.BestInt8;

        var shortlist = new TopK(candidates);
        Parallel.For(
            0, state.Segments.Length,
            () => new TopK(candidates),
            (s, _, local) =>
            {
                var segment = state.Segments[s];
                var rows = state.RowsIn(s);
                var first = s * Segment.RowsPerSegment;
                var dim = state.Dimension;
                var scales = segment.Scales;
                Span<int> scores = stackalloc int[Block];
                for (var start = 0; start < rows; start += Block)
                {
                    var count = Math.Min(Block, rows - start);
                    Int8Kernels.DotRows(segment.Quantized.AsSpan(start * dim, count * dim), prepared, 0, scores[..count], path);
                    Offer(scores[..count], scales.AsSpan(start, count), segment, start, first, local);
                }

                return local;
            },
            local =>
            {
                lock (shortlist)
                {
                    shortlist.AddAll(local);
                }
            });

        return Rerank(state, query, shortlist, k);
    }

    /// <summary>The exact float inner products of the shortlist's rows, best k.</summary>
    private static IReadOnlyList<SearchHit> Rerank(GalleryState state, float[] query, TopK shortlist, int k)
    {
        var final = new TopK(k);
        foreach (var (_, row) in shortlist.Sorted())
        {
            final.Add(FloatKernels.Dot(state.Vector(row), query), row);
        }

        return ExactSearch.Hits(state, final);
    }

    /// <summary>A block's tile scores (four per row) times each row's scale: the order the shortlists need.</summary>
    private static void Approximate(int[] exact, ReadOnlySpan<float> scales, float[] scores)
    {
        ref var e = ref MemoryMarshal.GetArrayDataReference(exact);
        ref var s = ref MemoryMarshal.GetArrayDataReference(scores);
        for (var i = 0; i < scales.Length; i++)
        {
            var at = (nuint)(i * FloatKernels.TileQueries);
            (Vector128.ConvertToSingle(Vector128.LoadUnsafe(ref e, at)) * scales[i]).StoreUnsafe(ref s, at);
        }
    }

    /// <summary>
    /// A batch in one pass: int8 register tiles (each int8 row read once for all the queries) keep each
    /// query's best <paramref name="candidates"/> by approximate score, then the exact float inner product
    /// of those picks each query's top k.
    /// </summary>
    public static IReadOnlyList<SearchHit>[] RunBatch(GalleryState state, IReadOnlyList<float[]> queries, int k, int candidates)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(k, 1);
        candidates = Math.Max(candidates, k);
        var dim = state.Dimension;
        var prepared = new Int8QueryBatch(queries, dim);
        var path = KernelPaths.BestInt8;
        var blockRows = Math.Max(1, BlockBytes / dim / Int8Kernels.TileRows) * Int8Kernels.TileRows;
        var shortlists = BatchScan.Run(state, queries.Count, candidates, blockRows, () => new int[blockRows * FloatKernels.TileQueries], (segment, row, rows, q, count, scores, exact) =>
        {
            Int8Kernels.DotTiles(segment.Quantized.AsSpan(row * dim, rows * dim), rows, prepared, q, count, exact, path);
            Approximate(exact, segment.Scales.AsSpan(row, rows), scores);
        });

        var results = new IReadOnlyList<SearchHit>[queries.Count];
        Parallel.For(0, queries.Count, q => results[q] = Rerank(state, queries[q], shortlists[q], k));
        return results;
    }

    /// <summary>
    /// Approximate scores (int score × row scale) into the shortlist, live rows only: four rows compared with
    /// the threshold at once, the scalar work only for the few that beat it once the shortlist has filled.
    /// </summary>
    private static void Offer(ReadOnlySpan<int> scores, ReadOnlySpan<float> scales, Segment segment, int row, int first, TopK shortlist)
    {
        ref var s = ref MemoryMarshal.GetReference(scores);
        ref var f = ref MemoryMarshal.GetReference(scales);
        var threshold = Vector128.Create(shortlist.Threshold);
        var i = 0;
        for (; i + 4 <= scores.Length; i += 4)
        {
            var approximate = Vector128.ConvertToSingle(Vector128.LoadUnsafe(ref s, (nuint)i)) * Vector128.LoadUnsafe(ref f, (nuint)i);
            for (var above = Vector128.GreaterThan(approximate, threshold).ExtractMostSignificantBits(); above != 0; above &= above - 1)
            {
                var lane = BitOperations.TrailingZeroCount(above);
                Add(approximate.GetElement(lane), row + i + lane, segment, first, shortlist);
                threshold = Vector128.Create(shortlist.Threshold);
            }
        }

        for (; i < scores.Length; i++)
        {
            Add(scores[i] * scales[i], row + i, segment, first, shortlist);
        }
    }

    private static void Add(float approximate, int row, Segment segment, int first, TopK shortlist)
    {
        if (approximate > shortlist.Threshold && Volatile.Read(ref segment.Live[row]) != 0)
        {
            shortlist.Add(approximate, first + row);
        }
    }
}
