using EGov.Biometrics.Matching.Gallery;
using EGov.Biometrics.Matching.Kernels;
using EGov.Biometrics.Matching.Search;

namespace EGov.Biometrics.Matching.Tests;

/// <summary>The batched exact search (cache blocks of register tiles) on each accelerated path against the scalar single-query search.</summary>
public sealed class BatchSearchTests
{
    public static TheoryData<KernelPath> FloatPaths => KernelTests.FloatPaths;

    [Theory]
    [MemberData(nameof(FloatPaths))]
    public void A_batch_on_each_path_ranks_like_the_scalar_search_at_any_dimension(KernelPath path)
    {
        var random = new Random(3);
        foreach (var dim in new[] { 3, 24, 128, 512, 513 })
        {
            // Rows that fill no whole tile or cache block, a removed row, and query counts that fill no whole group of four.
            var gallery = new FaceGallery(dim);
            var rows = 2_000 + 3;
            for (var i = 0; i < rows; i++)
            {
                gallery.Add(i, $"subject-{i}", RandomVectors.Unit(random, dim));
            }

            gallery.Remove(1_001);
            foreach (var count in new[] { 1, 5, 13 })
            {
                var queries = Enumerable.Range(0, count).Select(_ => RandomVectors.Unit(random, dim)).ToArray();

                var batch = ExactSearch.RunBatch(gallery.State, queries, 9, path);

                for (var q = 0; q < count; q++)
                {
                    var expected = ExactSearch.Run(gallery.State, queries[q], 9, KernelPath.Scalar);
                    Assert.Equal(expected.Select(h => h.TemplateId), batch[q].Select(h => h.TemplateId));
                    Assert.DoesNotContain(batch[q], h => h.TemplateId == 1_001);
                }
            }
        }
    }

    [Theory]
    [MemberData(nameof(FloatPaths))]
    public void A_batch_over_several_segments_equals_single_query_searches(KernelPath path)
    {
        // Two segments and a part of a third: the batch's work is handed out in chunks of a segment, and the
        // chunks past a segment's last row are empty. Removed rows at a chunk's edges stay out.
        var random = new Random(4);
        const int dim = 24;
        var gallery = new FaceGallery(dim);
        var rows = (2 * Segment.RowsPerSegment) + 77;
        for (var i = 0; i < rows; i++)
        {
            gallery.Add(i, $"subject-{i}", RandomVectors.Unit(random, dim));
        }

        var queries = Enumerable.Range(0, 7).Select(_ => RandomVectors.Unit(random, dim)).ToArray();
        var removed = new[] { 0, Segment.RowsPerSegment - 1, Segment.RowsPerSegment, rows - 1 };
        foreach (var query in queries.Take(4))
        {
            // Make the removed rows the best matches of a query, so that missing the live check shows.
            removed = [.. removed, (int)ExactSearch.Run(gallery.State, query, 1, KernelPath.Scalar)[0].TemplateId];
        }

        foreach (var row in removed.Distinct())
        {
            gallery.Remove(row);
        }

        var batch = ExactSearch.RunBatch(gallery.State, queries, 20, path);

        for (var q = 0; q < queries.Length; q++)
        {
            var expected = ExactSearch.Run(gallery.State, queries[q], 20, KernelPath.Scalar);
            Assert.Equal(expected.Select(h => h.TemplateId), batch[q].Select(h => h.TemplateId));
            Assert.Equal(expected.Select(h => h.Score), batch[q].Select(h => h.Score), (a, b) => Math.Abs(a - b) <= 1e-4f);
            Assert.DoesNotContain(batch[q], h => removed.Contains((int)h.TemplateId));
        }
    }
}
