using EGov.Biometrics.Postgres.TestSupport;
using EGov.Biometrics.Registry.Audit;
using EGov.Biometrics.Registry.Crypto;
using EGov.Biometrics.Registry.Subjects;
using EGov.Biometrics.Server.Hosting;

namespace EGov.Biometrics.Server.Tests;

/// <summary>
/// Data folders of nodes that share one PostgreSQL registry: the key ring is made only while the registry is empty
/// (never beside a registry that holds sealed or MAC'd rows), one bootstrap admin key for the whole registry, and a
/// node whose folder is new joins a registry that already has audit entries (its anchor starts at the head).
/// </summary>
public sealed class PostgresDataDirectoryTests : IDisposable
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("egov-pg-data-");
    private readonly string _database = PostgresServer.Instance.CreateDatabase();

    private string Ring => Path.Combine(_folder.FullName, "template-keys.json");

    [Fact]
    public void The_first_node_makes_the_key_ring_and_the_admin_key_and_the_next_node_shares_them()
    {
        var first = Node("node-1");
        var second = Node("node-2");

        Assert.True(File.Exists(Ring));
        Assert.Equal(first.Keys.ActiveKeyId, second.Keys.ActiveKeyId);
        Assert.Equal(first.Keys.AuditKey, second.Keys.AuditKey);
        Assert.True(File.Exists(first.PathOf(DataDirectory.BootstrapKeyFile)));
        Assert.False(File.Exists(second.PathOf(DataDirectory.BootstrapKeyFile)), "one admin key per registry, not per node");
        Assert.False(File.Exists(Path.Combine(_folder.FullName, "node-1", DataDirectory.DatabaseFile)), "no SQLite file beside a PostgreSQL registry");
    }

    [Fact]
    public void Nodes_started_together_on_an_empty_registry_end_with_one_key_ring()
    {
        using var start = new Barrier(4);
        var nodes = new DataDirectory[4];
        var starts = Enumerable.Range(0, 4).Select(i => new Thread(() =>
        {
            start.SignalAndWait();
            nodes[i] = Node($"node-{i}");
        })).ToList();
        starts.ForEach(t => t.Start());
        starts.ForEach(t => t.Join());

        var ring = new KeyRingFile(Ring).Load();
        Assert.All(nodes, node => Assert.Equal(ring.AuditKey, node.Keys.AuditKey));
        Assert.All(nodes, node => Assert.Equal(ring.Key(ring.ActiveKeyId), node.Keys.Key(node.Keys.ActiveKeyId)));
    }

    [Fact]
    public void A_missing_key_ring_is_refused_once_the_registry_holds_anything()
    {
        Node("node-1"); // the admin key is in the registry now
        File.Delete(Ring);

        var refused = Assert.Throws<InvalidDataException>(() => Node("node-2"));

        Assert.Contains(Ring, refused.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(Ring), "no new ring beside rows sealed or MAC'd under the old one");
    }

    [Fact]
    public async Task A_new_node_joins_a_registry_with_audit_entries_and_its_anchor_vouches_from_the_head()
    {
        var first = Node("node-1");
        using (var registry = new SubjectRegistry(first.Database, new TemplateCipher(first.Keys), first.PathOf(DataDirectory.AuditAnchorFile)))
        {
            await registry.RecordAsync(new AuditEntry("test", "operator", "desk-1", "verify", "31234567890123", "match"));
            await registry.RecordAsync(new AuditEntry("test", "operator", "desk-1", "verify", "31234567890123", "match"));
        }

        var second = Node("node-2");
        using var joined = new SubjectRegistry(second.Database, new TemplateCipher(second.Keys), second.PathOf(DataDirectory.AuditAnchorFile));

        Assert.Equal(2, AuditAnchor.Load(second.PathOf(DataDirectory.AuditAnchorFile))?.Seq);
        await joined.RecordAsync(new AuditEntry("test", "operator", "desk-2", "verify", "31234567890123", "match"));
        var audit = joined.VerifyAudit();
        Assert.True(audit.Intact, audit.Reason);
        Assert.Equal(3, audit.Entries);
    }

    [Fact]
    public async Task Another_deployments_key_ring_is_refused_before_the_node_writes_anything()
    {
        var first = Node("node-1");
        using (var registry = new SubjectRegistry(first.Database, new TemplateCipher(first.Keys), first.PathOf(DataDirectory.AuditAnchorFile)))
        {
            await registry.RecordAsync(new AuditEntry("test", "operator", "desk-1", "verify", "31234567890123", "match"));
        }

        var foreign = Path.Combine(_folder.FullName, "other-deployment-keys.json");
        new KeyRingFile(foreign).Save(KeyRing.Generate());
        var refused = Assert.Throws<InvalidDataException>(() => new DataDirectory(Path.Combine(_folder.FullName, "node-2"), foreign, _database, PostgresServer.Instance.Password));

        Assert.Contains(foreign, refused.Message, StringComparison.Ordinal);
        Assert.Contains("does not belong to the registry", refused.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(_folder.FullName, "node-2", DataDirectory.AuditAnchorFile)));
        Assert.False(File.Exists(Path.Combine(_folder.FullName, "node-2", DataDirectory.CertificateFile)));
        Assert.Equal(first.Keys.AuditKey, Node("node-3").Keys.AuditKey); // the registry's own ring still opens it
    }

    public void Dispose()
    {
        PostgresServer.Instance.DropDatabase(_database);
        _folder.Delete(recursive: true);
    }

    private DataDirectory Node(string name) =>
        new(Path.Combine(_folder.FullName, name), Ring, _database, PostgresServer.Instance.Password);
}
