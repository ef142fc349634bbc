using EGov.Biometrics.Matching.Gallery;
using EGov.Biometrics.Matching.Kernels;
using EGov.Biometrics.Matching.Search;

namespace EGov.Biometrics.Matching.Tests;

/// <summary>The int8 scan's shortlist (in-order kernel, vector threshold check) against a scalar ranking of the same approximate scores.</summary>
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

    [Theory]
    [InlineData(3)]
    [InlineData(512)]
    [InlineData(513)]
    public void A_batch_shortlists_each_query_like_the_scalar_ranking_of_its_batch_query_scores(int dim)
    {
        var random = new Random(dim + 1);
        var gallery = new FaceGallery(dim);
        // Rows that fill no whole tile or cache block, a second segment, and queries that fill no whole group of four.
        var rows = Segment.RowsPerSegment + 1_003;
        for (var i = 0; i < rows; i++)
        {
            gallery.Add(i, $"subject-{i}", RandomVectors.Unit(random, dim));
        }

        var queries = Enumerable.Range(0, 7).Select(_ => RandomVectors.Unit(random, dim)).ToArray();
        var prepared = new Int8QueryBatch(queries, dim);
        foreach (var q in new[] { 0, 5 })
        {
            gallery.Remove(Approximate(gallery.State, new Int8Query(prepared.Values(q), 1)).First());
        }

        const int k = 12;
        var hits = QuantizedSearch.RunBatch(gallery.State, queries, k, k);

        for (var q = 0; q < queries.Length; q++)
        {
            var expected = Approximate(gallery.State, new Int8Query(prepared.Values(q), 1)).Where(gallery.State.IsLive).Take(k).Select(r => (long)r).Order();
            Assert.Equal(expected, hits[q].Select(h => h.TemplateId).Order());
            // The re-rank's scores are the exact float inner products.
            Assert.All(hits[q], h => Assert.Equal(RandomVectors.ScalarDot(gallery.State.Vector((int)h.TemplateId), queries[q]), h.Score, 5));
        }
    }

    [Fact]
    public void The_gallery_runs_an_int8_batch_in_one_pass_and_finds_what_exact_search_finds()
    {
        var random = new Random(5);
        const int dim = 128;
        var gallery = new FaceGallery(dim);
        var vectors = Enumerable.Range(0, 3_000).Select(_ => RandomVectors.Unit(random, dim)).ToArray();
        for (var i = 0; i < vectors.Length; i++)
        {
            gallery.Add(i, $"subject-{i}", vectors[i]);
        }

        // Probes near known rows: each row's mate must come first, as exact search has it.
        var probes = new[] { 7, 1_500, 2_999, 42, 314 }.Select(i => RandomVectors.Near(random, vectors[i], 0.3f)).ToArray();
        var batch = gallery.SearchBatch(probes, 10, SearchMethod.Int8);
        var exact = gallery.SearchBatch(probes, 10, SearchMethod.Exact);

        Assert.Equal(exact.Select(h => h[0].TemplateId), batch.Select(h => h[0].TemplateId));
        Assert.Equal([7L, 1_500, 2_999, 42, 314], batch.Select(h => h[0].TemplateId));
    }

    [Fact]
    public void Batches_over_large_galleries_take_the_int8_tiles_and_say_so()
    {
        var random = new Random(6);
        const int dim = 64;
        var vectors = Enumerable.Range(0, 1_500).Select(_ => RandomVectors.Unit(random, dim)).ToArray();
        var probes = new[] { 3, 1_499 }.Select(i => RandomVectors.Near(random, vectors[i], 0.3f)).ToArray();

        SearchMethod MethodOf(GalleryOptions options)
        {
            var gallery = new FaceGallery(dim, options);
            for (var i = 0; i < vectors.Length; i++)
            {
                gallery.Add(i, $"subject-{i}", vectors[i]);
            }

            var (hits, method) = gallery.IdentifyBatch(probes, 1);
            Assert.Equal(["subject-3", "subject-1499"], hits.Select(h => h[0].SubjectId));
            return method;
        }

        Assert.Equal(SearchMethod.Int8, MethodOf(new GalleryOptions(Int8BatchAbove: 1_000)));
        Assert.Equal(SearchMethod.Exact, MethodOf(new GalleryOptions(Int8BatchAbove: 1_500)));
        Assert.Equal(SearchMethod.Cascade, MethodOf(new GalleryOptions(CascadeAbove: 1_000, Int8BatchAbove: 100)));
    }

    /// <summary>A single query's ranking: the scan prepares it as a batch of one (|q| ≤ 32), as batches are.</summary>
    private static IEnumerable<int> Approximate(GalleryState state, float[] query) => Approximate(state, new Int8Query(new Int8QueryBatch([query], query.Length).Values(0), 1));

    /// <summary>Rows by int8 score × row scale, best first, on the scalar path.</summary>
    private static IEnumerable<int> Approximate(GalleryState state, Int8Query prepared)
    {
        return Enumerable.Range(0, state.Rows)
            .Select(r => (Row: r, Score: Int8Kernels.Dot(state.QuantizedRow(r), prepared, Int8Path.Scalar) * state.Scale(r)))
            .OrderByDescending(e => e.Score)
            .Select(e => e.Row)
            .ToList();
    }
}
