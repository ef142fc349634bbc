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
        foreach (var dim in new[] { 3, 24, 513 })
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
}
