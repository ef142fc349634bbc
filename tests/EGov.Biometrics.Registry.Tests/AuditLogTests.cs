using EGov.Biometrics.Registry.Subjects;

namespace EGov.Biometrics.Registry.Tests;

public sealed class AuditLogTests
{
    private const string Model = "faceplugin-arcface-r512";

    [Theory]
    [BothStores]
    public async Task An_untouched_chain_verifies(Store on)
    {
        using var temp = await Filled(5, on);

        var result = temp.Registry.VerifyAudit();

        Assert.True(result.Intact);
        Assert.Equal(5, result.Entries);
    }

    [Theory]
    [InlineData("UPDATE audit SET decision = 'rejected' WHERE seq = 3", 3, "altered", Store.Sqlite)]
    [InlineData("UPDATE audit SET score = 0.99 WHERE seq = 2", 2, "altered", Store.Sqlite)]
    [InlineData("UPDATE audit SET at = '2020-01-01T00:00:00.0000000+00:00' WHERE seq = 4", 4, "altered", Store.Sqlite)]
    [InlineData("DELETE FROM audit WHERE seq = 2", 3, "missing", Store.Sqlite)]
    [InlineData("UPDATE audit SET decision = 'rejected' WHERE seq = 3", 3, "altered", Store.Postgres)]
    [InlineData("UPDATE audit SET score = 0.99 WHERE seq = 2", 2, "altered", Store.Postgres)]
    [InlineData("UPDATE audit SET at = '2020-01-01T00:00:00.0000000+00:00' WHERE seq = 4", 4, "altered", Store.Postgres)]
    [InlineData("DELETE FROM audit WHERE seq = 2", 3, "missing", Store.Postgres)]
    public async Task Editing_one_row_by_hand_is_detected_at_that_row(string tamper, long badSeq, string reason, Store on)
    {
        using var temp = await Filled(5, on);

        temp.Execute(tamper);
        var result = temp.Registry.VerifyAudit();

        Assert.False(result.Intact);
        Assert.Equal(badSeq, result.FirstBadSeq);
        Assert.Contains(reason, result.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [BothStores]
    public async Task Rewriting_a_row_with_a_recomputed_hash_still_breaks_the_next_link(Store on)
    {
        using var temp = await Filled(4, on);

        // A forger who edits entry 2 and stores a fresh hash for it cannot fix entry 3's link without rewriting the rest.
        temp.Execute($"UPDATE audit SET hash = {temp.Blob(new byte[32])} WHERE seq = 2");
        var result = temp.Registry.VerifyAudit();

        Assert.Equal(2, result.FirstBadSeq);
    }

    [Theory]
    [BothStores]
    public async Task Cutting_off_the_newest_entries_is_caught_by_the_anchor(Store on)
    {
        using var temp = await Filled(5, on);

        // Without the anchor the shorter chain is self-consistent; the anchor outside the database remembers 5.
        temp.Execute("DELETE FROM audit WHERE seq >= 4");
        var result = temp.Registry.VerifyAudit();

        Assert.False(result.Intact);
        Assert.Equal(4, result.FirstBadSeq);
        Assert.Contains("the anchor recorded 5", result.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [BothStores]
    public async Task Cutting_off_entries_under_a_running_server_stops_the_anchor_and_a_restart_is_refused(Store on)
    {
        using var temp = await Filled(5, on);

        // Entries 4 and 5 are cut; the server then appends two more under the same numbers, with valid MACs.
        temp.Execute("DELETE FROM audit WHERE seq >= 4");
        await temp.Registry.RecordAsync(TemporaryRegistry.Audit("verify"));
        await temp.Registry.RecordAsync(TemporaryRegistry.Audit("verify"));

        Assert.True(temp.Registry.AuditTamperDetected);
        var result = temp.Registry.VerifyAudit();
        Assert.Equal(5, result.FirstBadSeq);
        Assert.Contains("not the one the anchor recorded", result.Reason, StringComparison.Ordinal);
        var refused = Assert.Throws<InvalidDataException>(() => temp.Open(temp.Keys));
        Assert.Contains("entry 5", refused.Message, StringComparison.Ordinal);
    }

    [Theory]
    [BothStores]
    public async Task A_chain_rebuilt_without_the_audit_key_does_not_verify(Store on)
    {
        using var temp = await Filled(3, on);

        // Someone with the database but not the key ring re-chains every row with plain SHA-256, as the old format did.
        var rebuilt = new byte[32];
        foreach (var entry in Audit.AuditLog.Read(temp.Database().Open()).ToList())
        {
            var forged = System.Security.Cryptography.SHA256.HashData([.. rebuilt, .. entry.Hash]);
            temp.Execute($"UPDATE audit SET prev_hash = {temp.Blob(rebuilt)}, hash = {temp.Blob(forged)} WHERE seq = {entry.Seq}");
            rebuilt = forged;
        }

        var result = temp.Registry.VerifyAudit();
        Assert.Equal(1, result.FirstBadSeq);
        Assert.Contains("another audit key", result.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [BothStores]
    public async Task Scores_are_stored_as_they_are_hashed(Store on)
    {
        using var temp = new TemporaryRegistry(on);

        // SQLite keeps -0.0 as 0: the log normalises it first, so the chain still verifies.
        await temp.Registry.RecordAsync(TemporaryRegistry.Audit("verify") with { Score = -0.0, Fmr = 1e-4 });
        Assert.True(temp.Registry.VerifyAudit().Intact);

        // NaN cannot be stored at all: refused with the reason, nothing written.
        var error = await Assert.ThrowsAsync<ArgumentException>(() => temp.Registry.RecordAsync(TemporaryRegistry.Audit("verify") with { Score = double.NaN }));
        Assert.Contains("finite", error.Message, StringComparison.Ordinal);
        Assert.Equal(1, temp.Registry.VerifyAudit().Entries);
    }

    private static async Task<TemporaryRegistry> Filled(int entries, Store on)
    {
        var temp = new TemporaryRegistry(on);
        for (var i = 0; i < entries; i++)
        {
            var audit = TemporaryRegistry.Audit() with { Score = 0.5 + (i / 100.0), Fmr = 1e-4 };
            await temp.Registry.EnrollAsync($"6000000000000{i}", [new NewTemplate(TemporaryRegistry.UnitVector(i), Model)], audit);
        }

        return temp;
    }
}
