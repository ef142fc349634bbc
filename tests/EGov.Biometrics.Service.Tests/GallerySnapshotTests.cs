using EGov.Biometrics.Matching.Search;
using EGov.Biometrics.Registry.Audit;
using EGov.Biometrics.Registry.Storage;
using EGov.Biometrics.Registry.Subjects;
using EGov.Biometrics.Service.Decisions;

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
        foreach (var (pinfl, seed) in new[] { (Alice, 1), (Bob, 2), (Carol, 3) })
        {
            await domain.Service.EnrollAsync(new EnrollCommand(pinfl, [Domain.Template(Domain.Unit(seed))], DuplicateHandling.Reject), Domain.Admin);
        }

        domain.Index.SaveChangedSnapshots();
        var registry = new SubjectRegistry(new RegistryDatabase(Path.Combine(domain.Folder, "registry.db")), domain.Cipher);
        _registries.Add(registry);

        var restarted = TemplateIndex.Load(registry, Domain.Models, domain.Matching, domain.Snapshots);

        Assert.Contains("(float rows mapped)", restarted.LoadReport.Single(), StringComparison.Ordinal);
        var identification = restarted.For(Domain.Model).Identify(Domain.Near(Domain.Unit(2), 4), 1);
        Assert.Equal((Bob, SearchMethod.Cascade), (identification.Hits[0].SubjectId, identification.Method));
    }

    [Theory]
    [InlineData(1_000_000, SearchMethod.Exact)]
    [InlineData(0, SearchMethod.Cascade)]
    public async Task Every_identification_and_duplicate_check_records_which_search_answered(int cascadeAbove, SearchMethod expected)
    {
        using var domain = new Domain(matching: new MatchingOptions(CascadeAboveTemplates: cascadeAbove));
        await domain.Service.EnrollAsync(new EnrollCommand(Bob, [Domain.Template(Domain.Unit(2))], DuplicateHandling.Reject), Domain.Admin);
        var enrolled = await domain.Service.EnrollAsync(new EnrollCommand(Alice, [Domain.Template(Domain.Unit(1))], DuplicateHandling.Reject), Domain.Admin);

        var result = await domain.Service.IdentifyAsync(Domain.Template(Domain.Near(Domain.Unit(1), 5)), 3, Domain.Supervisor);

        var name = expected.ToString().ToLowerInvariant();
        Assert.Equal(expected, result.Method);
        Assert.Equal(Alice, result.Candidates[0].Pinfl);
        Assert.Contains($"; search {name}", Entry(domain, result.DecisionId).Details, StringComparison.Ordinal);
        Assert.Contains($"; duplicate search {name}", Entry(domain, enrolled.DecisionId).Details, StringComparison.Ordinal);
    }

    private static AuditEntry Entry(Domain domain, long seq)
    {
        using var connection = domain.Database.Open();
        return AuditLog.Read(connection).Single(e => e.Seq == seq).Entry;
    }

    private Task EnrollAsync(string pinfl, int seed) =>
        _domain.Service.EnrollAsync(new EnrollCommand(pinfl, [Domain.Template(Domain.Unit(seed))], DuplicateHandling.Reject), Domain.Admin);

    private TemplateIndex Restart()
    {
        var registry = new SubjectRegistry(new RegistryDatabase(Path.Combine(_domain.Folder, "registry.db")), _domain.Cipher);
        _registries.Add(registry);
        return TemplateIndex.Load(registry, Domain.Models, _domain.Matching, _domain.Snapshots);
    }
}
