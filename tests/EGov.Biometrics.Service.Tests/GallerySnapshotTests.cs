using EGov.Biometrics.Matching.Search;
using EGov.Biometrics.Registry.Audit;
using EGov.Biometrics.Registry.Crypto;
using EGov.Biometrics.Registry.Storage;
using EGov.Biometrics.Registry.Subjects;
using EGov.Biometrics.Service.Decisions;
using EGov.Biometrics.Service.Galleries;

namespace EGov.Biometrics.Service.Tests;

public sealed class GallerySnapshotTests : IDisposable
{
    private const string Alice = "31234567890001";
    private const string Bob = "31234567890002";
    private const string Carol = "31234567890003";
    private readonly Domain _domain = new();
    private readonly List<SubjectRegistry> _registries = [];

    public void Dispose()
    {
        _registries.ForEach(r => r.Dispose());
        _domain.Dispose();
    }

    [Fact]
    public async Task A_restart_loads_the_snapshot_and_catches_up_with_what_the_registry_changed_since()
    {
        await EnrollAsync(Alice, 1);
        await EnrollAsync(Bob, 2);
        Assert.Equal([Domain.Model], _domain.Index.SaveChangedSnapshots());
        Assert.Empty(_domain.Index.SaveChangedSnapshots()); // nothing changed: nothing rewritten
        await EnrollAsync(Carol, 3);
        await _domain.Service.DeleteAsync(Bob, Domain.Admin);

        var restarted = Restart();

        Assert.Contains("from the snapshot", restarted.LoadReport.Single(), StringComparison.Ordinal);
        var gallery = restarted.For(Domain.Model);
        Assert.Equal(2, gallery.Count);
        Assert.True(gallery.ContainsSubject(Carol)); // enrolled after the snapshot: loaded from the registry
        Assert.False(gallery.ContainsSubject(Bob)); // deleted after the snapshot: removed
        Assert.Equal(Carol, gallery.IdentifySubjects(Domain.Near(Domain.Unit(3), 7), 1)[0].SubjectId);
    }

    [Fact]
    public async Task A_corrupt_snapshot_is_not_used_the_gallery_is_rebuilt_from_the_registry_and_the_reason_is_one_line()
    {
        await EnrollAsync(Alice, 1);
        await EnrollAsync(Bob, 2);
        _domain.Index.SaveChangedSnapshots();
        var path = _domain.Snapshots.PathFor(Domain.Model);
        var bytes = File.ReadAllBytes(path);
        bytes[60] ^= 0x10; // inside the first sealed chunk
        File.WriteAllBytes(path, bytes);

        var restarted = Restart();

        var line = restarted.LoadReport[0];
        Assert.Contains("not used", line, StringComparison.Ordinal);
        Assert.Contains("integrity", line, StringComparison.Ordinal);
        Assert.Contains("decrypted from the registry", restarted.LoadReport[1], StringComparison.Ordinal);
        Assert.DoesNotContain('\n', line);
        Assert.Equal(2, restarted.For(Domain.Model).Count);
        Assert.Equal([Domain.Model], restarted.SaveChangedSnapshots()); // the rebuilt gallery gets a good snapshot again
    }

    [Fact]
    public async Task A_large_gallery_loads_with_its_float_rows_mapped_and_still_answers()
    {
        using var domain = new Domain(matching: new MatchingOptions(CascadeAboveTemplates: 0, MapVectorsAboveTemplates: 1));
        await EnrollThreeAsync(domain);

        domain.Index.SaveChangedSnapshots();
        var restarted = Restart(domain);

        Assert.Contains("(float rows mapped)", restarted.LoadReport.Single(), StringComparison.Ordinal);
        var identification = restarted.For(Domain.Model).Identify(Domain.Near(Domain.Unit(2), 4), 1);
        Assert.Equal((Bob, SearchMethod.Cascade), (identification.Hits[0].SubjectId, identification.Method));
    }

    [Fact]
    public async Task A_gallery_too_large_for_memory_without_a_snapshot_is_streamed_into_one_and_mapped_not_decrypted_into_memory()
    {
        using var domain = new Domain(matching: new MatchingOptions(MapVectorsAboveTemplates: 2));
        await EnrollThreeAsync(domain);

        var restarted = Restart(domain);

        Assert.Contains("into a new snapshot (float rows mapped)", restarted.LoadReport.Single(), StringComparison.Ordinal);
        Assert.True(restarted.For(Domain.Model).IsMapped);
        Assert.Empty(restarted.SaveChangedSnapshots()); // the streamed snapshot is the current one
        Assert.Equal(Carol, restarted.For(Domain.Model).IdentifySubjects(Domain.Near(Domain.Unit(3), 2), 1)[0].SubjectId);
    }

    [Fact]
    public async Task A_caught_up_snapshot_is_written_again_and_a_new_active_key_reseals_it()
    {
        await EnrollAsync(Alice, 1);
        _domain.Index.SaveChangedSnapshots();
        await EnrollAsync(Bob, 2);

        var restarted = Restart();
        Assert.Equal([Domain.Model], restarted.SaveChangedSnapshots()); // Bob came from the registry: the file lacks him

        var underNewKey = Restart(_domain, _domain.Keys.WithNewActiveKey("k2"));
        Assert.Contains("from the snapshot", underNewKey.LoadReport.Single(), StringComparison.Ordinal);
        Assert.Equal([Domain.Model], underNewKey.SaveChangedSnapshots()); // unchanged, but sealed with k1: resealed with k2
        Assert.Empty(underNewKey.SaveChangedSnapshots());
    }

    [Fact]
    public async Task A_corrupt_row_of_a_mapped_snapshot_is_read_again_from_the_registry_and_the_answer_stays_right()
    {
        using var domain = new Domain(matching: new MatchingOptions(MapVectorsAboveTemplates: 1));
        await EnrollThreeAsync(domain);

        domain.Index.SaveChangedSnapshots();
        var path = domain.Snapshots.PathFor(Domain.Model);
        var bytes = File.ReadAllBytes(path);
        bytes[^(4 + 16 + 4 + 20)] ^= 0x08; // inside Carol's sealed row, the last before the (empty) names chunk
        File.WriteAllBytes(path, bytes);
        var restarted = Restart(domain);

        var found = restarted.For(Domain.Model).Identify(Domain.Near(Domain.Unit(3), 2), 1);

        Assert.Equal(Carol, found.Hits[0].SubjectId);
        Assert.Equal(1, restarted.For(Domain.Model).RepairedRows);
        Assert.Equal([Domain.Model], restarted.SaveChangedSnapshots()); // the repaired row makes the snapshot new again
    }

    [Theory]
    [InlineData(1_000_000, SearchMethod.Exact)]
    [InlineData(0, SearchMethod.Cascade)]
    public async Task Every_identification_and_duplicate_check_records_which_search_answered(int cascadeAbove, SearchMethod expected)
    {
        using var domain = new Domain(matching: new MatchingOptions(CascadeAboveTemplates: cascadeAbove));
        await EnrollAsync(domain, Bob, 2);
        var enrolled = await EnrollAsync(domain, Alice, 1);

        var result = await domain.Service.IdentifyAsync(Domain.Template(Domain.Near(Domain.Unit(1), 5)), 3, Domain.Supervisor);

        var name = expected.ToString().ToLowerInvariant();
        Assert.Equal(expected, result.Method);
        Assert.Equal(Alice, result.Candidates[0].Pinfl);
        Assert.Contains($"; search {name}", Entry(domain, result.DecisionId).Details, StringComparison.Ordinal);
        Assert.Contains($"; duplicate search {name}", Entry(domain, enrolled.DecisionId).Details, StringComparison.Ordinal);

        // One node is one shard of one, and the audit says so as a cluster's says "shards 12/12".
        Assert.Equal(new ShardCount(1, 1), result.Shards);
        Assert.Contains($"; search {name}; shards 1/1", Entry(domain, result.DecisionId).Details, StringComparison.Ordinal);
        Assert.Contains("; shards 1/1", Entry(domain, enrolled.DecisionId).Details, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(100_000, SearchMethod.Exact)]
    [InlineData(0, SearchMethod.Int8)]
    public async Task A_bulk_import_over_the_int8_batch_size_records_int8_and_still_finds_the_registry_duplicate(int int8BatchAbove, SearchMethod expected)
    {
        // The routing and the audit; the int8 shortlist itself (fewer candidates than rows) is QuantizedSearchTests'.
        using var domain = new Domain(matching: new MatchingOptions(Int8BatchAboveTemplates: int8BatchAbove));
        await EnrollAsync(domain, Bob, 2);
        await EnrollAsync(domain, Alice, 1);
        var a = domain.Analyzer;
        var items = new[]
        {
            new EnrollBatchItem("key-1", Carol, [new Probes.ImageProbe(a.Image("carol", Domain.Unit(3)))]),
            new EnrollBatchItem("key-2", "31234567890004", [new Probes.ImageProbe(a.Image("alice-again", Domain.Near(Domain.Unit(1), 1)))]),
        };

        var outcomes = await domain.Batches.EnrollAsync(new EnrollBatchCommand(items), Domain.Enroller);

        var name = expected.ToString().ToLowerInvariant();
        Assert.Equal([EnrollRefusal.None, EnrollRefusal.DuplicateInRegistry], outcomes.Select(o => o.Refusal));
        Assert.Contains($"; duplicate search {name}", Entry(domain, outcomes[0].DecisionId).Details, StringComparison.Ordinal);
        Assert.Contains($"; duplicate search {name}", Entry(domain, outcomes[1].DecisionId).Details, StringComparison.Ordinal);
    }

    private static AuditEntry Entry(Domain domain, long seq)
    {
        using var connection = domain.Database.Open();
        return AuditLog.Read(connection).Single(e => e.Seq == seq).Entry;
    }

    private static Task<EnrollResult> EnrollAsync(Domain domain, string pinfl, int seed) =>
        domain.Service.EnrollAsync(new EnrollCommand(pinfl, [Domain.Template(Domain.Unit(seed))], DuplicateHandling.Reject), Domain.Admin);

    private static async Task EnrollThreeAsync(Domain domain)
    {
        foreach (var (pinfl, seed) in new[] { (Alice, 1), (Bob, 2), (Carol, 3) })
        {
            await EnrollAsync(domain, pinfl, seed);
        }
    }

    private Task<EnrollResult> EnrollAsync(string pinfl, int seed) => EnrollAsync(_domain, pinfl, seed);

    private TemplateIndex Restart() => Restart(_domain);

    // A restart over the same files: a new registry and index, under the domain's key ring or a rotated one.
    private TemplateIndex Restart(Domain domain, KeyRing? keys = null)
    {
        var registry = new SubjectRegistry(new RegistryDatabase(Path.Combine(domain.Folder, "registry.db")), keys is null ? domain.Cipher : new TemplateCipher(keys));
        _registries.Add(registry);
        return TemplateIndex.Load(registry, Domain.Models, domain.Matching, keys is null ? domain.Snapshots : new GallerySnapshots(domain.Folder, keys));
    }
}
