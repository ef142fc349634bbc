using System.Diagnostics;
using EGov.Biometrics.Cluster.Gallery;
using EGov.Biometrics.Service.Decisions;
using EGov.Biometrics.Service.Galleries;
using Microsoft.Extensions.DependencyInjection;
using Orleans.TestingHost;
using Xunit.Abstractions;

namespace EGov.Biometrics.Cluster.Tests;

/// <summary>A silo killed under the searches: its shards move to the survivor, and no search meanwhile gets part of an answer.</summary>
public sealed class ShardedMoveTests(ShardedClusterFixture cluster, ITestOutputHelper output) : IClassFixture<ShardedClusterFixture>
{
    private const string Model = ShardedClusterFixture.Model;

    [Fact]
    public async Task While_a_killed_silos_shards_move_every_identify_is_complete_or_unavailable()
    {
        var single = new LocalGallery(TemplateIndex.Load(cluster.Registry, new Dictionary<string, int> { [Model] = ShardedClusterFixture.Dim }));
        var probes = Enumerable.Range(0, 6).Select(n => ShardedClusterFixture.Noisy(ShardedClusterFixture.Face(n * 31), 5000 + n)).ToList();
        var expected = new List<IReadOnlyList<string>>();
        foreach (var probe in probes)
        {
            expected.Add([.. (await single.IdentifyAsync(Model, probe, 5)).Hits.Select(h => h.SubjectId)]);
            Assert.Equal(expected[^1], (await cluster.Gallery.IdentifyAsync(Model, probe, 5)).Hits.Select(h => h.SubjectId));
        }

        // The silo holding the most shards is killed (it holds at least one: otherwise nothing would move).
        var victim = cluster.Cluster.Silos.MaxBy(Shards)!;
        Assert.True(Shards(victim) > 0);
        await cluster.Cluster.KillSiloAsync(victim);

        // Until membership has declared the silo dead its shards cannot answer: Unavailable, then complete answers again.
        var (complete, unavailable) = (0, 0);
        var clock = Stopwatch.StartNew();
        while (complete < 3 * probes.Count && clock.Elapsed < TimeSpan.FromSeconds(90))
        {
            for (var p = 0; p < probes.Count; p++)
            {
                try
                {
                    var answer = await cluster.Gallery.IdentifyAsync(Model, probes[p], 5);
                    Assert.Equal(expected[p], answer.Hits.Select(h => h.SubjectId));
                    Assert.Equal(new ShardCount(ShardedClusterFixture.Shards, ShardedClusterFixture.Shards), answer.Shards);
                    complete++;
                }
                catch (GalleryUnavailableException e)
                {
                    Assert.Matches(@"^\d of 5 shards answered", e.Message);
                    unavailable++;
                    await Task.Delay(100);
                }
            }
        }

        output.WriteLine($"{complete} complete answers and {unavailable} Unavailable in {clock.Elapsed.TotalSeconds:F1} s after the kill");
        Assert.True(complete >= 3 * probes.Count, $"{complete} complete answers and {unavailable} Unavailable in {clock.Elapsed.TotalSeconds:F0} s after the kill");
        Assert.True(Shards(cluster.Cluster.Silos.Single()) >= ShardedClusterFixture.Shards);
    }

    private int Shards(InProcessSiloHandle silo) => cluster.Cluster.GetSiloServiceProvider(silo.SiloAddress).GetRequiredService<LocalShards>().Count;
}
