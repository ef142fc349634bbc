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
    private const int Block = 256;

    public static IReadOnlyList<SearchHit> Run(GalleryState state, float[] query, int k, int candidates)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(k, 1);
        candidates = Math.Max(candidates, k);
        // Prepared once; the query's own scale is common to all rows, so the order does not need it.
        var prepared = new Int8Query(query);
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
                    Int8Kernels.DotRows(segment.Quantized.AsSpan(start * dim, count * dim), prepared, scores[..count], path);
                    for (var i = 0; i < count; i++)
                    {
                        var r = start + i;
                        var approximate = scores[i] * scales[r];
                        if (approximate > local.Threshold && Volatile.Read(ref segment.Live[r]) != 0)
                        {
                            local.Add(approximate, first + r);
                        }
                    }
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

        var final = new TopK(k);
        foreach (var (_, row) in shortlist.Sorted())
        {
            final.Add(FloatKernels.Dot(state.Vector(row), query), row);
        }

        return ExactSearch.Hits(state, final);
    }
}
