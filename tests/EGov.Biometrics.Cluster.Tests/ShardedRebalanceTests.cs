using System.Diagnostics;
using EGov.Biometrics.Cluster.Gallery;
using EGov.Biometrics.Service.Decisions;
using EGov.Biometrics.Service.Galleries;
using Microsoft.Extensions.DependencyInjection;

namespace EGov.Biometrics.Cluster.Tests;

/// <summary>A silo joins: the shards that are now its share move to it, and searches stay complete.</summary>
public sealed class ShardedRebalanceTests(ShardedRebalanceFixture cluster) : IClassFixture<ShardedRebalanceFixture>
{
    private const string Model = ShardedClusterFixture.Model;

    [Fact]
    public async Task A_silo_that_joins_gets_its_share_of_the_shards_and_answers_stay_the_single_nodes()
    {
        var single = new LocalGallery(TemplateIndex.Load(cluster.Registry, new Dictionary<string, int> { [Model] = ShardedClusterFixture.Dim }));
        var probe = ShardedClusterFixture.Noisy(ShardedClusterFixture.Face(42), 7);
        var expected = (await single.IdentifyAsync(Model, probe, 5)).Hits.Select(h => h.SubjectId).ToList();
        Assert.Equal(expected, (await cluster.Gallery.IdentifyAsync(Model, probe, 5)).Hits.Select(h => h.SubjectId));

        await cluster.Cluster.StartAdditionalSiloAsync();

        // Five shards over three silos in address order: 0 and 3, 1 and 4, 2.
        int[][] share = [[0, 3], [1, 4], [2]];
        var clock = Stopwatch.StartNew();
        while (!Held().SequenceEqual(share, new ShardsComparer()) && clock.Elapsed < TimeSpan.FromSeconds(60))
        {
            try
            {
                Assert.Equal(expected, (await cluster.Gallery.IdentifyAsync(Model, probe, 5)).Hits.Select(h => h.SubjectId));
            }
            catch (GalleryUnavailableException)
            {
                // A shard on its way: no answer rather than part of one.
            }

            await Task.Delay(200);
        }

        Assert.Equal(share, Held());
        Assert.Equal(expected, (await cluster.Gallery.IdentifyAsync(Model, probe, 5)).Hits.Select(h => h.SubjectId));
    }

    private int[][] Held() =>
        [.. cluster.Cluster.Silos.OrderBy(s => s.SiloAddress).Select(s => cluster.Cluster.GetSiloServiceProvider(s.SiloAddress).GetRequiredService<LocalShards>().Keys
            .Where(k => k.ModelId == Model).Select(k => k.Shard).Order().ToArray())];

    private sealed class ShardsComparer : IEqualityComparer<int[]>
    {
        public bool Equals(int[]? x, int[]? y) => x!.SequenceEqual(y!);

        public int GetHashCode(int[] obj) => obj.Length;
    }
}
