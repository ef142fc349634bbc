using EGov.Biometrics.Matching.Gallery;

namespace EGov.Biometrics.Matching.Tests;

public sealed class ConcurrencyTests
{
    [Fact(Timeout = 120_000)]
    public async Task Searches_during_inserts_and_removals_stay_consistent()
    {
        const int Dim = 32;
        var random = new Random(12);
        var gallery = new FaceGallery(Dim);
        var planted = RandomVectors.Unit(random, Dim);
        gallery.Add(-1, "planted", planted);
        var written = new System.Collections.Concurrent.ConcurrentDictionary<long, float[]>();
        var pool = Enumerable.Range(0, 60_000).Select(_ => RandomVectors.Unit(random, Dim)).ToArray();

        // Dedicated threads, and a deadline: the readers stop when the writer ends, however it ends.
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(60));
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
                var hits = gallery.Search(planted, 5);

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
        var compaction = Task.Run(gallery.Compact);
        while (!compaction.IsCompleted)
        {
            Assert.Equal(expected, gallery.Search(query, 10).Select(h => h.TemplateId));
        }

        await compaction;
        Assert.Equal(expected, gallery.Search(query, 10).Select(h => h.TemplateId));
    }
}
