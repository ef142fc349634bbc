using EGov.Biometrics.Matching.Gallery;
using EGov.Biometrics.Matching.Kernels;

namespace EGov.Biometrics.Matching.Search;

/// <summary>
/// Top-k for galleries too large to scan in floats: a scan of the binary sign codes (64 bytes a 512-D row)
/// keeps the rows of smallest Hamming distance, the int8 rows of those re-rank them, and the exact float
/// inner product of the few best (decrypted from the mapped store when the gallery is mapped) gives the
/// answer. A batch reads each segment's codes once for all its queries.
/// </summary>
internal static class CascadeSearch
{
    public static IReadOnlyList<SearchHit> Run(GalleryState state, float[] query, int k, CascadeOptions options, VectorReader read) =>
        RunBatch(state, [query], k, options, read)[0];

    public static IReadOnlyList<SearchHit>[] RunBatch(GalleryState state, IReadOnlyList<float[]> queries, int k, CascadeOptions options, VectorReader read)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(k, 1);
        var shortlists = Shortlists(state, queries, options.BinaryCandidates(state.Rows));
        var results = new IReadOnlyList<SearchHit>[queries.Count];
        Parallel.For(0, queries.Count, q => results[q] = Rerank(state, queries[q], shortlists[q], k, options.Int8CandidatesFor(k), read));
        return results;
    }

    /// <summary>Stage one: for each query, the live rows of smallest Hamming distance.</summary>
    private static int[][] Shortlists(GalleryState state, IReadOnlyList<float[]> queries, int candidates)
    {
        var words = BinaryKernels.Words(state.Dimension);
        var codes = new ulong[queries.Count][];
        for (var q = 0; q < queries.Count; q++)
        {
            codes[q] = new ulong[words];
            BinaryKernels.Encode(queries[q], codes[q]);
        }

        var merged = queries.Select(_ => new HammingShortlist(candidates, state.Dimension)).ToArray();
        Parallel.For(
            0, state.Segments.Length,
            () => (Lists: queries.Select(_ => new HammingShortlist(candidates, state.Dimension)).ToArray(), Distances: new ushort[Segment.RowsPerSegment]),
            (s, _, local) =>
            {
                var segment = state.Segments[s];
                var rows = state.RowsIn(s);
                var first = s * Segment.RowsPerSegment;
                var segmentCodes = segment.Codes.AsSpan(0, rows * words);
                var distances = local.Distances.AsSpan(0, rows);

                // One segment's codes (1 MiB at 512-D) stay in cache while every query of the batch passes over them.
                for (var q = 0; q < codes.Length; q++)
                {
                    BinaryKernels.Distances(segmentCodes, codes[q], distances);
                    var list = local.Lists[q];
                    for (var r = 0; r < rows; r++)
                    {
                        if (distances[r] <= list.Threshold && Volatile.Read(ref segment.Live[r]) != 0)
                        {
                            list.Add(distances[r], first + r);
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
                        merged[q].AddAll(local.Lists[q]);
                    }
                }
            });
        return [.. merged.Select(m => m.Best())];
    }

    /// <summary>Stages two and three: int8 scores of the shortlist, then exact floats of the best of those.</summary>
    private static IReadOnlyList<SearchHit> Rerank(GalleryState state, float[] query, int[] shortlist, int k, int int8Candidates, VectorReader read)
    {
        var prepared = new Int8Query(query); // the query's own scale is common to all rows: the order does not need it
        var approximate = new TopK(int8Candidates);
        foreach (var row in shortlist)
        {
            approximate.Add(Int8Kernels.Dot(state.QuantizedRow(row), prepared) * state.Scale(row), row);
        }

        var best = approximate.Sorted();
        foreach (var (_, row) in best)
        {
            // Every page the float re-rank needs is requested at once: on a mapped gallery they come off the disk together.
            state.SegmentOf(row).Prefetch([row % Segment.RowsPerSegment]);
        }

        var final = new TopK(k);
        var vector = new float[state.Dimension];
        foreach (var (_, row) in best)
        {
            read(row, vector);
            final.Add(FloatKernels.Dot(vector, query), row);
        }

        return ExactSearch.Hits(state, final);
    }
}
