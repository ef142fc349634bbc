using EGov.Biometrics.Cluster.Gallery;
using EGov.Biometrics.Cluster.Grains;
using EGov.Biometrics.Cluster.Sharding;
using EGov.Biometrics.Registry.Subjects;
using EGov.Biometrics.Service.Decisions;
using EGov.Biometrics.Service.Failures;
using EGov.Biometrics.Service.Galleries;
using Microsoft.Extensions.DependencyInjection;

namespace EGov.Biometrics.Cluster.Tests;

/// <summary>The gallery sharded over grains in two silos answers as the single node's gallery does, or not at all.</summary>
public sealed class ShardedGalleryTests(ShardedClusterFixture cluster) : IClassFixture<ShardedClusterFixture>
{
    private const string Model = ShardedClusterFixture.Model;

    [Fact]
    public async Task Identify_over_five_shards_equals_the_single_node_gallery_on_the_same_registry()
    {
        var single = new LocalGallery(TemplateIndex.Load(cluster.Registry, new Dictionary<string, int> { [Model] = ShardedClusterFixture.Dim }));
        // Enrolled faces seen again (a third noisy capture) and faces never enrolled.
        var probes = Enumerable.Range(0, 12).Select(n => ShardedClusterFixture.Noisy(ShardedClusterFixture.Face(n * 17), 3000 + n))
            .Concat(Enumerable.Range(0, 4).Select(n => ShardedClusterFixture.Face(50_000 + n)))
            .ToList();
        foreach (var probe in probes)
        {
            var expected = await single.IdentifyAsync(Model, probe, 10);
            var sharded = await cluster.Gallery.IdentifyAsync(Model, probe, 10);

            Assert.Equal(expected.Hits.Select(h => (h.SubjectId, h.BestTemplateId)), sharded.Hits.Select(h => (h.SubjectId, h.BestTemplateId)));
            Assert.Equal(expected.Hits.Select(h => h.Score), sharded.Hits.Select(h => h.Score));
            Assert.Equal(new ShardCount(ShardedClusterFixture.Shards, ShardedClusterFixture.Shards), sharded.Shards);
            Assert.Equal(ShardCount.Single, expected.Shards);
        }

        // The enrolled faces are found first (so the comparison above is not of two empty lists).
        Assert.Equal(ShardedClusterFixture.PinflOf(5 * 17), (await cluster.Gallery.IdentifyAsync(Model, probes[5], 1)).Hits[0].SubjectId);

        var batch = await cluster.Gallery.IdentifyBatchAsync(Model, probes, 5);
        var expectedBatch = await single.IdentifyBatchAsync(Model, probes, 5);
        for (var q = 0; q < probes.Count; q++)
        {
            Assert.Equal(expectedBatch.Hits[q].Select(h => h.SubjectId), batch.Hits[q].Select(h => h.SubjectId));
        }
    }

    [Fact]
    public async Task A_subject_added_after_its_commit_is_held_by_its_owning_shard_alone_and_verifies_there()
    {
        var pinfl = ShardedClusterFixture.PinflOf(700_001);
        var face = ShardedClusterFixture.Face(700_001);
        var before = await ShardCountsAsync();

        var enrolment = await cluster.Registry.EnrollAsync(pinfl, [new NewTemplate(ShardedClusterFixture.Noisy(face, 1), Model)], ShardedClusterFixture.Audit);
        await cluster.Gallery.AddAsync(pinfl, [new GalleryTemplate(enrolment.TemplateIds[0], Model, ShardedClusterFixture.Noisy(face, 1))]);

        var after = await ShardCountsAsync();
        var owner = PinflShards.ShardOf(pinfl, ShardedClusterFixture.Shards);
        for (var s = 0; s < ShardedClusterFixture.Shards; s++)
        {
            Assert.Equal(before[s] + (s == owner ? 1 : 0), after[s]);
        }

        // A second capture of the same face, not the enrolled vector.
        var verified = await cluster.Gallery.CompareSubjectAsync(Model, ShardedClusterFixture.Noisy(face, 2), pinfl);
        Assert.NotNull(verified);
        Assert.True(verified.Value.Max > 0.8f, $"same face scored {verified.Value.Max}");
        var stranger = await cluster.Gallery.CompareSubjectAsync(Model, ShardedClusterFixture.Face(700_002), pinfl);
        Assert.True(stranger!.Value.Max < 0.3f, $"another face scored {stranger.Value.Max}");
        Assert.Null(await cluster.Gallery.CompareSubjectAsync(Model, ShardedClusterFixture.Noisy(face, 2), ShardedClusterFixture.PinflOf(700_003)));
    }

    [Fact]
    public async Task A_shard_that_fails_makes_the_search_unavailable_never_a_partial_answer()
    {
        var probe = new float[16];
        probe[0] = 1;

        var error = await Assert.ThrowsAsync<GalleryUnavailableException>(() => cluster.Gallery.IdentifyAsync(ShardedClusterFixture.Broken, probe, 5));

        Assert.StartsWith($"{ShardedClusterFixture.Shards - 1} of {ShardedClusterFixture.Shards} shards answered", error.Message, StringComparison.Ordinal);
        Assert.Equal(FailureKind.Unavailable, Failure.Of(error)!.Kind);
    }

    [Fact]
    public async Task An_add_the_shard_cannot_take_reloads_the_shard_from_the_registry()
    {
        var pinfl = ShardedClusterFixture.PinflOf(710_001);
        var face = ShardedClusterFixture.Face(710_001);
        var enrolment = await cluster.Registry.EnrollAsync(pinfl, [new NewTemplate(ShardedClusterFixture.Noisy(face, 1), Model)], ShardedClusterFixture.Audit);

        // The shard is sent a vector it refuses (wrong length) for the committed template: the add fails after the commit.
        await Assert.ThrowsAnyAsync<Exception>(() => cluster.Gallery.AddAsync(pinfl, [new GalleryTemplate(enrolment.TemplateIds[0], Model, [1f, 0f])]));

        // The shard came back from the registry, which holds the committed template.
        var verified = await cluster.Gallery.CompareSubjectAsync(Model, ShardedClusterFixture.Noisy(face, 2), pinfl);
        Assert.True(verified is { Max: > 0.8f }, $"after the failed add the shard held {verified?.ToString() ?? "nothing"} for the subject");
    }

    [Fact]
    public async Task A_deleted_subject_leaves_its_shard()
    {
        var pinfl = ShardedClusterFixture.PinflOf(720_001);
        var face = ShardedClusterFixture.Face(720_001);
        var vector = ShardedClusterFixture.Noisy(face, 1);
        var enrolment = await cluster.Registry.EnrollAsync(pinfl, [new NewTemplate(vector, Model)], ShardedClusterFixture.Audit);
        await cluster.Gallery.AddAsync(pinfl, [new GalleryTemplate(enrolment.TemplateIds[0], Model, vector)]);
        Assert.Equal(pinfl, (await cluster.Gallery.IdentifyAsync(Model, ShardedClusterFixture.Noisy(face, 2), 1)).Hits[0].SubjectId);

        await cluster.Registry.DeleteAsync(pinfl, ShardedClusterFixture.Audit with { Action = "delete" });
        await cluster.Gallery.RemoveSubjectAsync(pinfl);

        Assert.Null(await cluster.Gallery.CompareSubjectAsync(Model, ShardedClusterFixture.Noisy(face, 2), pinfl));
        Assert.DoesNotContain(pinfl, (await cluster.Gallery.IdentifyAsync(Model, ShardedClusterFixture.Noisy(face, 2), 10)).Hits.Select(h => h.SubjectId));
    }

    [Fact]
    public async Task Each_silo_holds_its_share_of_the_shards_whichever_silo_activated_them()
    {
        await cluster.Gallery.IdentifyAsync(Model, ShardedClusterFixture.Face(1), 3);

        // Five shards over two silos in address order: 0, 2 and 4 on the first, 1 and 3 on the second.
        var silos = cluster.Cluster.Silos.OrderBy(s => s.SiloAddress).ToList();
        var held = silos.Select(s => cluster.Cluster.GetSiloServiceProvider(s.SiloAddress).GetRequiredService<LocalShards>().Keys
            .Where(k => k.ModelId == Model).Select(k => k.Shard).Order().ToArray()).ToList();
        Assert.Equal([[0, 2, 4], [1, 3]], held);
    }

    private async Task<long[]> ShardCountsAsync() =>
        await Task.WhenAll(Enumerable.Range(0, ShardedClusterFixture.Shards)
            .Select(async s => (await cluster.Cluster.Client.GetGrain<IGalleryShardGrain>(new ShardKey(Model, s, ShardedClusterFixture.Shards).ToString()).Counts()).Subjects));
}
