using EGov.Biometrics.Registry.Subjects;

namespace EGov.Biometrics.Registry.Tests;

public sealed class AuditLogTests
{
    private const string Model = "faceplugin-arcface-r512";

    [Fact]
    public void An_untouched_chain_verifies()
    {
        using var temp = Filled(5);

        var result = temp.Registry.VerifyAudit();

        Assert.True(result.Intact);
        Assert.Equal(5, result.Entries);
    }

    [Theory]
    [InlineData("UPDATE audit SET decision = 'rejected' WHERE seq = 3", 3, "altered")]
    [InlineData("UPDATE audit SET score = 0.99 WHERE seq = 2", 2, "altered")]
    [InlineData("UPDATE audit SET at = '2020-01-01T00:00:00.0000000+00:00' WHERE seq = 4", 4, "altered")]
    [InlineData("DELETE FROM audit WHERE seq = 2", 3, "missing")]
    public void Editing_one_row_by_hand_is_detected_at_that_row(string tamper, long badSeq, string reason)
    {
        using var temp = Filled(5);

        temp.Execute(tamper);
        var result = temp.Registry.VerifyAudit();

        Assert.False(result.Intact);
        Assert.Equal(badSeq, result.FirstBadSeq);
        Assert.Contains(reason, result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Rewriting_a_row_with_a_recomputed_hash_still_breaks_the_next_link()
    {
        using var temp = Filled(4);

        // A forger who edits entry 2 and stores a fresh hash for it cannot fix entry 3's link without rewriting the rest.
        temp.Execute("UPDATE audit SET hash = zeroblob(32) WHERE seq = 2");
        var result = temp.Registry.VerifyAudit();

        Assert.Equal(2, result.FirstBadSeq);
    }

    [Fact]
    public void Scores_are_stored_as_they_are_hashed()
    {
        using var temp = new TemporaryRegistry();

        // SQLite keeps -0.0 as 0: the log normalises it first, so the chain still verifies.
        temp.Registry.Record(TemporaryRegistry.Audit("verify") with { Score = -0.0, Fmr = 1e-4 });
        Assert.True(temp.Registry.VerifyAudit().Intact);

        // NaN cannot be stored at all: refused with the reason, nothing written.
        var error = Assert.Throws<ArgumentException>(() => temp.Registry.Record(TemporaryRegistry.Audit("verify") with { Score = double.NaN }));
        Assert.Contains("finite", error.Message, StringComparison.Ordinal);
        Assert.Equal(1, temp.Registry.VerifyAudit().Entries);
    }

    private static TemporaryRegistry Filled(int entries)
    {
        var temp = new TemporaryRegistry();
        for (var i = 0; i < entries; i++)
        {
            var audit = TemporaryRegistry.Audit() with { Score = 0.5 + (i / 100.0), Fmr = 1e-4 };
            temp.Registry.Enroll($"6000000000000{i}", [new NewTemplate(TemporaryRegistry.UnitVector(i), Model)], audit);
        }

        return temp;
    }
}
