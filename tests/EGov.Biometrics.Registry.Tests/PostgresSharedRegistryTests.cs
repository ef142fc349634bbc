using EGov.Biometrics.Postgres.TestSupport;
using EGov.Biometrics.Registry.Storage;
using EGov.Biometrics.Registry.Subjects;

namespace EGov.Biometrics.Registry.Tests;

/// <summary>
/// One PostgreSQL registry shared by several nodes (each its own process in a cluster; here each its own connection
/// pool, group-commit writer and audit anchor): they migrate it once between them, and their audit entries form one
/// chain that verifies.
/// </summary>
public sealed class PostgresSharedRegistryTests
{
    private const string Model = "faceplugin-arcface-r512";

    [Fact(Timeout = 120_000)]
    public async Task Two_nodes_enrolling_at_once_keep_one_audit_chain_that_verifies()
    {
        using var temp = new TemporaryRegistry(Store.Postgres);
        var first = temp.Registry;
        var second = temp.Open(temp.Keys, Path.Combine(temp.Folder, "node-2-audit-head.json"));

        // 60 enrolments and 60 verifications on each node, all at once.
        var done = await Task.WhenAll(Enumerable.Range(0, 120).Select(i => Task.Run(async () =>
        {
            var node = i % 2 == 0 ? first : second;
            var pinfl = $"8{i:D13}";
            var enrolment = await node.EnrollAsync(pinfl, [new NewTemplate(TemporaryRegistry.UnitVector(i), Model)], TemporaryRegistry.Audit());
            var verification = await node.RecordAsync(TemporaryRegistry.Audit("verify") with { Subject = pinfl, Score = i / 200.0 });
            return (enrolment, verification);
        })));

        // Every acknowledged write got its own number in one sequence, every template its own id.
        var seqs = done.SelectMany(d => new[] { d.enrolment.AuditSeq, d.verification }).ToList();
        Assert.Equal(240, seqs.Distinct().Count());
        Assert.Equal(Enumerable.Range(1, 240).Select(i => (long)i), seqs.Order());
        Assert.Equal(120, done.SelectMany(d => d.enrolment.TemplateIds).Distinct().Count());

        // One chain, whole, as either node reads it, and each node's own anchor vouches for it.
        var chain = first.VerifyAuditChain();
        Assert.True(chain.Intact, chain.Reason);
        Assert.Equal(240, chain.Entries);
        Assert.True(first.VerifyAudit().Intact, first.VerifyAudit().Reason);
        Assert.True(second.VerifyAudit().Intact, second.VerifyAudit().Reason);
        Assert.Equal(120, second.LoadTemplates(Model).Count());
    }

    [Fact]
    public void Several_processes_opening_a_new_database_at_once_migrate_it_once()
    {
        var server = PostgresServer.Instance;
        var database = server.CreateDatabase();
        try
        {
            // Six openers released at the same moment, as six silos started together would be.
            using var start = new Barrier(6);
            var errors = new System.Collections.Concurrent.ConcurrentBag<Exception>();
            var openers = Enumerable.Range(0, 6).Select(_ => new Thread(() =>
            {
                start.SignalAndWait();
                try
                {
                    RegistryDatabase.Postgres(database, server.Password);
                }
                catch (Exception e)
                {
                    errors.Add(e);
                }
            })).ToList();
            openers.ForEach(t => t.Start());
            openers.ForEach(t => t.Join());

            Assert.Empty(errors);
            using var connection = RegistryDatabase.Postgres(database, server.Password).Open();
            using var versions = connection.CreateCommand();
            versions.CommandText = "SELECT COUNT(*), MAX(version) FROM schema_migrations";
            using var reader = versions.ExecuteReader();
            Assert.True(reader.Read());
            Assert.Equal(Migrations.Latest, reader.GetInt64(0));
            Assert.Equal(Migrations.Latest, reader.GetInt64(1));
        }
        finally
        {
            server.DropDatabase(database);
        }
    }
}
