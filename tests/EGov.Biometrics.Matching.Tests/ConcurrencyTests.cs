using EGov.Biometrics.Matching.Gallery;
using EGov.Biometrics.Matching.Kernels;
using EGov.Biometrics.Matching.Search;

namespace EGov.Biometrics.Matching.Tests;

public sealed class ConcurrencyTests
{
    [Theory(Timeout = 120_000)]
    [InlineData(null)]
    [InlineData(SearchMethod.Exact)]
    [InlineData(SearchMethod.Int8)]
    public async Task Searches_during_inserts_and_removals_stay_consistent(SearchMethod? batch)
    {
        const int Dim = 32;
        var random = new Random(12);
        var gallery = new FaceGallery(Dim);
        var planted = RandomVectors.Unit(random, Dim);
        gallery.Add(-1, "planted", planted);
        var written = new System.Collections.Concurrent.ConcurrentDictionary<long, float[]>();
        var pool = Enumerable.Range(0, 60_000).Select(_ => RandomVectors.Unit(random, Dim)).ToArray();

        // Dedicated threads, and a deadline: the readers stop when the writer ends, however it ends.
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        stop.CancelAfter(TimeSpan.FromSeconds(60));
        var writer = Task.Factory.StartNew(
            () =>
            {
                try
                {
                    for (var i = 0; i < pool.Length; i++)
                    {
                        written[i] = pool[i];
                        gallery.Add(i, $"s{i % 1000}", pool[i]);
                        if (i % 4 == 0 && i > 0)
                        {
                            gallery.Remove(i - 1);
                        }

                        if (i % 100 == 0)
                        {
                            Thread.Sleep(1); // let the readers in on this 2-core machine
                        }
                    }
                }
                finally
                {
                    stop.Cancel();
                }
            },
            TaskCreationOptions.LongRunning);

        var searches = 0;
        var readers = Enumerable.Range(0, 3).Select(_ => Task.Factory.StartNew(
            () =>
            {
            while (!stop.IsCancellationRequested)
            {
                // A batch (the planted query and a second, so a tile holds fewer than four) passes over the
                // rows published when it started and no further, as a single search does.
                var hits = batch is { } method ? gallery.SearchBatch([planted, pool[1]], 5, method)[0] : gallery.Search(planted, 5);

                // The planted template is always there and always first; every hit is a template that was
                // added, with the score of its own vector.
                Assert.Equal(-1, hits[0].TemplateId);
                Assert.Equal(1f, hits[0].Score, 4);
                foreach (var hit in hits.Skip(1))
                {
                    Assert.True(written.TryGetValue(hit.TemplateId, out var vector));
                    Assert.Equal(RandomVectors.ScalarDot(vector, planted), hit.Score, 4);
                }

                Interlocked.Increment(ref searches);
            }
            },
            TaskCreationOptions.LongRunning)).ToArray();

        await Task.WhenAll([writer, .. readers]);
        Assert.True(searches >= 3, $"only {searches} searches overlapped the writes");
        Assert.Equal(1 + pool.Length - ((pool.Length - 1) / 4), gallery.Count);
    }

    [Theory]
    [InlineData(SearchMethod.Exact)]
    [InlineData(SearchMethod.Int8)]
    public void A_batch_reads_no_row_written_after_its_view(SearchMethod method)
    {
        var random = new Random(15);
        const int Dim = 64;
        var gallery = new FaceGallery(Dim);
        for (var i = 0; i < 1_000; i++)
        {
            gallery.Add(i, $"s{i}", RandomVectors.Unit(random, Dim));
        }

        var queries = Enumerable.Range(0, 3).Select(_ => RandomVectors.Unit(random, Dim)).ToArray();
        var view = gallery.State;

        // Each query's own vector, written after the view into the view's segment and live there: the best
        // answer of a later view, no answer of this one.
        for (var q = 0; q < queries.Length; q++)
        {
            gallery.Add(10_000 + q, "late", queries[q]);
        }

        IReadOnlyList<SearchHit>[] Batch(GalleryState state) => method == SearchMethod.Int8
            ? QuantizedSearch.RunBatch(state, queries, 5, 100)
            : ExactSearch.RunBatch(state, queries, 5, KernelPaths.Best);

        Assert.All(Batch(view), hits => Assert.All(hits, h => Assert.InRange(h.TemplateId, 0, 999)));
        Assert.Equal([10_000L, 10_001, 10_002], Batch(gallery.State).Select(hits => hits[0].TemplateId));
    }

    [Fact(Timeout = 120_000)]
    public async Task Compaction_during_searches_loses_nothing()
    {
        var random = new Random(13);
        var (gallery, vectors) = FaceGalleryTests.Filled(random, 20_000);
        for (var i = 0; i < 20_000; i += 2)
        {
            gallery.Remove(i);
        }

        var query = vectors[1];
        var expected = gallery.Search(query, 10).Select(h => h.TemplateId).ToList();
        var compaction = Task.Run(gallery.Compact, TestContext.Current.CancellationToken);
        while (!compaction.IsCompleted)
        {
            Assert.Equal(expected, gallery.Search(query, 10).Select(h => h.TemplateId));
        }

        await compaction;
        Assert.Equal(expected, gallery.Search(query, 10).Select(h => h.TemplateId));
    }
}
