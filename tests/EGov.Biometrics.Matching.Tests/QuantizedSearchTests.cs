using EGov.Biometrics.Matching.Gallery;
using EGov.Biometrics.Matching.Kernels;
using EGov.Biometrics.Matching.Search;

namespace EGov.Biometrics.Matching.Tests;

/// <summary>The int8 scan's shortlist (block kernel, vector threshold check) against a scalar ranking of the same approximate scores.</summary>
public sealed class QuantizedSearchTests
{
    [Theory]
    [InlineData(3)]
    [InlineData(128)]
    [InlineData(512)]
    [InlineData(513)]
    public void The_shortlist_holds_the_best_live_rows_by_approximate_score(int dim)
    {
        var random = new Random(dim);
        var gallery = new FaceGallery(dim);
        // Rows that fill no whole block of four or of the scan, and a second segment.
        var rows = Segment.RowsPerSegment + 1_003;
        for (var i = 0; i < rows; i++)
        {
            gallery.Add(i, $"subject-{i}", RandomVectors.Unit(random, dim));
        }

        var queries = Enumerable.Range(0, 4).Select(_ => RandomVectors.Unit(random, dim)).ToArray();
        var state = gallery.State;

        // The best row of the first two queries is removed: a scan that skipped the live check would return it.
        foreach (var query in queries.Take(2))
        {
            gallery.Remove(Approximate(state, query).First());
        }

        const int k = 12;
        foreach (var query in queries)
        {
            var expected = Approximate(gallery.State, query).Where(gallery.State.IsLive).Take(k).Select(r => (long)r).Order();

            // With as many candidates as results, the re-rank keeps the whole shortlist.
            var hits = QuantizedSearch.Run(gallery.State, query, k, k);

            Assert.Equal(expected, hits.Select(h => h.TemplateId).Order());
        }
    }

    /// <summary>Rows by int8 score × row scale, best first, on the scalar path.</summary>
    private static IEnumerable<int> Approximate(GalleryState state, float[] query)
    {
        var prepared = new Int8Query(query);
        return Enumerable.Range(0, state.Rows)
            .Select(r => (Row: r, Score: Int8Kernels.Dot(state.QuantizedRow(r), prepared, Int8Path.Scalar) * state.Scale(r)))
            .OrderByDescending(e => e.Score)
            .Select(e => e.Row)
            .ToList();
    }
}
