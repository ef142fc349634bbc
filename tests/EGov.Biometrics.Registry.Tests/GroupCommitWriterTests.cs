using EGov.Biometrics.Registry.Subjects;

namespace EGov.Biometrics.Registry.Tests;

public sealed class GroupCommitWriterTests
{
    private const string Model = "test-model";

    [Theory]
    [BothStores]
    public async Task Concurrent_writes_all_commit_and_a_failing_one_rolls_back_alone(Store on)
    {
        using var temp = new TemporaryRegistry(on);
        await temp.Registry.EnrollAsync("70000000000000", [new NewTemplate(TemporaryRegistry.UnitVector(1), Model)], TemporaryRegistry.Audit());

        // 400 audited decisions and 50 enrolments at once, one of which names an enrolled PINFL and must fail.
        var records = Enumerable.Range(0, 400).Select(i => Task.Run(() => temp.Registry.RecordAsync(TemporaryRegistry.Audit("verify") with { Score = i / 1000.0 }))).ToList();
        var enrolments = Enumerable.Range(1, 50)
            .Select(i => Task.Run(() => temp.Registry.EnrollAsync($"7{i:D13}", [new NewTemplate(TemporaryRegistry.UnitVector(i + 10), Model)], TemporaryRegistry.Audit())))
            .ToList();
        var clash = Task.Run(() => temp.Registry.EnrollAsync("70000000000000", [new NewTemplate(TemporaryRegistry.UnitVector(99), Model)], TemporaryRegistry.Audit()));

        var seqs = await Task.WhenAll(records);
        await Task.WhenAll(enrolments);
        await Assert.ThrowsAsync<SubjectExistsException>(() => clash);

        // Every acknowledged write has its own audit entry, the failed one none, and the chain holds.
        Assert.Equal(400, seqs.Distinct().Count());
        Assert.Equal(1 + 400 + 50, temp.Registry.AuditEntries());
        Assert.Equal(51, temp.Registry.CountTemplates());
        Assert.True(temp.Registry.VerifyAudit().Intact);

        // And it is all on disk: a fresh registry over the same file sees the same.
        var reopened = temp.Open(temp.Keys);
        Assert.Equal(51, reopened.LoadTemplates(Model).Count());
        Assert.Equal(451, reopened.AuditEntries());
    }

    [Theory]
    [BothStores]
    public async Task Disposing_finishes_queued_writes_and_the_idle_checkpoint_then_refuses_more(Store on)
    {
        using var temp = new TemporaryRegistry(on);
        var registry = new SubjectRegistry(temp.Database(), new Crypto.TemplateCipher(temp.Keys));
        var writes = Enumerable.Range(0, 100).Select(i => registry.RecordAsync(TemporaryRegistry.Audit("verify"))).ToList();

        registry.Dispose();

        Assert.All(writes, w => Assert.True(w.IsCompletedSuccessfully));
        await Assert.ThrowsAsync<ObjectDisposedException>(() => registry.RecordAsync(TemporaryRegistry.Audit("verify")));
        Assert.Equal(100, registry.AuditEntries());

        // Nothing touches the store any more, so it goes at once (SQLite: no idle checkpoint racing the folder's delete).
        temp.Registry.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(temp.Folder, recursive: true);
        Directory.CreateDirectory(temp.Folder);
    }

    // Each blocked batch waits out the driver's 30 s command timeout; on a loaded machine the two writes may fall
    // into two batches, so the limit allows two waits and a margin (it still catches a writer that waits forever).
    // SQLite only: another process's write lock. On PostgreSQL a batch that cannot commit is shown by the restart test
    // (PostgresRestartTests).
    [Fact(Timeout = 100_000)]
    public async Task When_a_batch_cannot_commit_every_caller_hears_so_and_the_next_batch_works()
    {
        using var temp = new TemporaryRegistry();
        await temp.Registry.RecordAsync(TemporaryRegistry.Audit("verify"));

        // Another process holds the write lock past the busy timeout: the whole batch fails, nobody waits forever.
        using (var other = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={temp.Path}"))
        {
            other.Open();
            using var hold = other.CreateCommand();
            hold.CommandText = "BEGIN IMMEDIATE";
            hold.ExecuteNonQuery();
            var blocked = Enumerable.Range(0, 2).Select(_ => temp.Registry.RecordAsync(TemporaryRegistry.Audit("verify"))).ToList();
            foreach (var write in blocked)
            {
                await Assert.ThrowsAsync<Microsoft.Data.Sqlite.SqliteException>(() => write);
            }

            using var release = other.CreateCommand();
            release.CommandText = "ROLLBACK";
            release.ExecuteNonQuery();
        }

        Assert.Equal(2, await temp.Registry.RecordAsync(TemporaryRegistry.Audit("verify")));
        Assert.True(temp.Registry.VerifyAudit().Intact);
    }

    // SQLite only: PostgreSQL checkpoints its own write-ahead log.
    [Fact(Timeout = 60_000)]
    public async Task The_write_ahead_log_is_folded_into_the_database_beside_the_writer()
    {
        using var temp = new TemporaryRegistry();
        var initial = new FileInfo(temp.Path).Length;

        // Commits never checkpoint on their own (that would stall them): the writer's checkpointer must.
        await Task.WhenAll(Enumerable.Range(0, 600).Select(i => Task.Run(() => temp.Registry.RecordAsync(TemporaryRegistry.Audit("verify") with { Details = new string('x', 200) }))));
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (new FileInfo(temp.Path).Length < initial + (64 * 1024) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
        }

        Assert.True(new FileInfo(temp.Path).Length >= initial + (64 * 1024), $"the database file stayed at {new FileInfo(temp.Path).Length} bytes: nothing was checkpointed");
        Assert.Equal(600, temp.Registry.AuditEntries());
    }
}
