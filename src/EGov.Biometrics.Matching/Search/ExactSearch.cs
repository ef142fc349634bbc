using EGov.Biometrics.Matching.Gallery;
using EGov.Biometrics.Matching.Kernels;

namespace EGov.Biometrics.Matching.Search;

/// <summary>
/// Exact top-k by inner product over a gallery view: segments in parallel, one heap per thread, merged at
/// the end. A batch reads each row once for all its queries.
/// </summary>
internal static class ExactSearch
{
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

        var merged = Enumerable.Range(0, queries.Count).Select(_ => new TopK(k)).ToArray();
        Parallel.For(
            0, state.Segments.Length,
            () => Enumerable.Range(0, queries.Count).Select(_ => new TopK(k)).ToArray(),
            (s, _, local) =>
            {
                var segment = state.Segments[s];
                var rows = state.RowsIn(s);
                var tile = new float[16];
                var live = new bool[4];
                var first = s * Segment.RowsPerSegment;

                // Tiles of four rows by four queries; rows left over (and queries past a multiple of four) one by one.
                var q4 = queries.Count / 4 * 4;
                var r = 0;
                for (; r + 4 <= rows; r += 4)
                {
                    var block = segment.Rows(r, 4);
                    for (var i = 0; i < 4; i++)
                    {
                        live[i] = Volatile.Read(ref segment.Live[r + i]) != 0;
                    }

                    for (var q = 0; q < q4; q += 4)
                    {
                        FloatKernels.DotTile4x4(block, packed.AsSpan(q * dim, 4 * dim), tile, path);
                        for (var i = 0; i < 16; i++)
                        {
                            var heap = local[q + (i & 3)];
                            if (tile[i] > heap.Threshold && live[i >> 2])
                            {
                                heap.Add(tile[i], first + r + (i >> 2));
                            }
                        }
                    }

                    for (var q = q4; q < queries.Count; q++)
                    {
                        for (var i = 0; i < 4; i++)
                        {
                            if (Volatile.Read(ref segment.Live[r + i]) != 0)
                            {
                                local[q].Add(FloatKernels.Dot(segment.Row(r + i), queries[q], path), first + r + i);
                            }
                        }
                    }
                }

                for (; r < rows; r++)
                {
                    if (Volatile.Read(ref segment.Live[r]) != 0)
                    {
                        for (var q = 0; q < queries.Count; q++)
                        {
                            local[q].Add(FloatKernels.Dot(segment.Row(r), queries[q], path), first + r);
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
}
