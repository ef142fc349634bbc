using EGov.Biometrics.Registry.Audit;

namespace EGov.Biometrics.Registry.Tests;

public sealed class AuditSearchTests
{
    [Theory]
    [BothStores]
    public async Task Pages_come_newest_first_before_a_sequence_number_and_every_filter_narrows_them(Store on)
    {
        using var temp = new TemporaryRegistry(on);
        for (var i = 1; i <= 12; i++)
        {
            await temp.Registry.RecordAsync(new AuditEntry($"key:{i % 3}", "operator", $"desk-{i % 2}", i % 4 == 0 ? "identify" : "verify", $"subject-{i % 5}", "match"));
        }

        using var connection = temp.Registry.Database.Open();
        Assert.Equal([12L, 11, 10], Seqs(AuditSearch.Page(connection, new AuditCriteria(), long.MaxValue, 3)));
        Assert.Equal([9L, 8, 7], Seqs(AuditSearch.Page(connection, new AuditCriteria(), 10, 3)));
        Assert.Equal([12L, 9, 6, 3], Seqs(AuditSearch.Page(connection, new AuditCriteria(Caller: "key:0"), long.MaxValue, 10)));
        Assert.Equal([12L, 8, 4], Seqs(AuditSearch.Page(connection, new AuditCriteria(Action: "identify"), long.MaxValue, 10)));
        Assert.Equal([11L, 9, 7], Seqs(AuditSearch.Page(connection, new AuditCriteria(Desk: "desk-1"), 13, 3)));
        Assert.Equal([12L, 7, 2], Seqs(AuditSearch.Page(connection, new AuditCriteria(Subject: "subject-2"), long.MaxValue, 10)));
        Assert.Equal([12L], Seqs(AuditSearch.Page(connection, new AuditCriteria(Caller: "key:0", Action: "identify", Desk: "desk-0", Subject: "subject-2"), long.MaxValue, 10)));
        Assert.Empty(AuditSearch.Page(connection, new AuditCriteria(Caller: "key:0' OR '1'='1"), long.MaxValue, 10));
    }

    [Theory]
    [BothStores]
    public async Task Time_bounds_select_from_inclusive_to_exclusive_and_the_stream_runs_oldest_first(Store on)
    {
        using var temp = new TemporaryRegistry(on);
        await temp.Registry.RecordAsync(TemporaryRegistry.Audit("first"));
        await temp.Registry.RecordAsync(TemporaryRegistry.Audit("second"));
        await temp.Registry.RecordAsync(TemporaryRegistry.Audit("third"));
        using var connection = temp.Registry.Database.Open();
        var all = AuditLog.Read(connection).ToList();
        var secondAt = all[1].Entry.At;

        Assert.Equal([2L, 3], Seqs(AuditSearch.Stream(connection, new AuditCriteria(From: secondAt), long.MaxValue)));
        Assert.Equal([1L], Seqs(AuditSearch.Stream(connection, new AuditCriteria(To: secondAt), long.MaxValue)));
        Assert.Equal([1L, 2], Seqs(AuditSearch.Stream(connection, new AuditCriteria(), 2)));
        Assert.Equal(all.Select(e => e.Hash), AuditSearch.Stream(connection, new AuditCriteria(), long.MaxValue).Select(e => e.Hash));
    }

    private static long[] Seqs(IEnumerable<StoredAuditEntry> entries) => [.. entries.Select(e => e.Seq)];
}
