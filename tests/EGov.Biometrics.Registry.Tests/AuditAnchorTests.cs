using EGov.Biometrics.Registry.Audit;
using EGov.Biometrics.Registry.Crypto;
using EGov.Biometrics.Registry.Storage;
using EGov.Biometrics.Registry.Subjects;

namespace EGov.Biometrics.Registry.Tests;

/// <summary>
/// The audit anchor (issue 12, findings 4 and 7): written from the first start, a log with entries and no anchor
/// is tampering rather than a fresh start, and a witness copy on another path catches a rollback of the folder.
/// </summary>
public sealed class AuditAnchorTests
{
    [Theory]
    [BothStores]
    public void A_new_registry_writes_its_anchor_at_once_and_durably_replaced(Store on)
    {
        using var temp = new TemporaryRegistry(on);

        var anchor = AuditAnchor.Load(temp.AnchorPath);

        Assert.Equal(0, anchor!.Seq);
        Assert.Empty(Directory.GetFiles(Path.GetDirectoryName(temp.AnchorPath)!, Path.GetFileName(temp.AnchorPath) + ".*.new"));
    }

    [Theory]
    [InlineData(null, Store.Sqlite)]
    [InlineData("", Store.Sqlite)]
    [InlineData(null, Store.Postgres)]
    [InlineData("", Store.Postgres)]
    public async Task A_log_with_entries_and_no_anchor_is_refused_as_tampering(string? anchorContent, Store on)
    {
        using var temp = new TemporaryRegistry(on);
        await temp.Registry.RecordAsync(TemporaryRegistry.Audit("verify"));
        temp.Registry.Dispose();
        Replace(temp.AnchorPath, anchorContent);

        var refused = Assert.Throws<InvalidDataException>(() => temp.Open(temp.Keys));

        Assert.Contains(temp.AnchorPath, refused.Message, StringComparison.Ordinal);
        Assert.Contains("missing or empty", refused.Message, StringComparison.Ordinal);
        Assert.Contains("holds 1 entries", refused.Message, StringComparison.Ordinal);
    }

    [Theory]
    [BothStores]
    public async Task A_cut_off_tail_and_a_deleted_anchor_do_not_verify_as_intact(Store on)
    {
        using var temp = new TemporaryRegistry(on);
        for (var i = 0; i < 5; i++)
        {
            await temp.Registry.RecordAsync(TemporaryRegistry.Audit("verify"));
        }

        Assert.True(temp.Registry.VerifyAudit().Intact); // and the anchor written: nothing of it still on its way

        temp.Execute("DELETE FROM audit WHERE seq >= 4");
        File.Delete(temp.AnchorPath);

        var result = temp.Registry.VerifyAudit();

        Assert.False(result.Intact);
        Assert.Contains("missing or empty while the log holds 3 entries", result.Reason, StringComparison.Ordinal);
        Assert.Contains(temp.AnchorPath, result.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [BothStores]
    public async Task A_folder_rolled_back_with_its_anchor_is_caught_by_the_witness(Store on)
    {
        using var temp = new TemporaryRegistry(on);
        var witness = Path.Combine(Directory.CreateTempSubdirectory("egov-witness-").FullName, "audit-witness.json");
        try
        {
            var registry = OpenWithWitness(temp, witness);
            for (var i = 0; i < 3; i++)
            {
                await registry.RecordAsync(TemporaryRegistry.Audit("verify"));
            }

            Assert.True(registry.VerifyAudit().Intact);
            var anchorAfterThree = File.ReadAllBytes(temp.AnchorPath);
            await registry.RecordAsync(TemporaryRegistry.Audit("verify"));
            await registry.RecordAsync(TemporaryRegistry.Audit("verify"));
            registry.Dispose();
            Assert.Equal(5, AuditAnchor.Load(witness)!.Seq);

            // Someone who owns the data folder cuts the last two entries and puts back the anchor that matches.
            temp.Execute("DELETE FROM audit WHERE seq >= 4");
            File.WriteAllBytes(temp.AnchorPath, anchorAfterThree);
            Assert.True(temp.Open(temp.Keys).VerifyAudit().Intact); // without the witness the cut is invisible

            var refused = Assert.Throws<InvalidDataException>(() => OpenWithWitness(temp, witness));
            Assert.Contains(witness, refused.Message, StringComparison.Ordinal);
            Assert.Contains("no longer holds entry 5", refused.Message, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(Path.GetDirectoryName(witness)!, recursive: true);
        }
    }

    [Theory]
    [BothStores]
    public async Task A_witness_that_names_another_entry_than_the_anchor_is_refused(Store on)
    {
        using var temp = new TemporaryRegistry(on);
        var witness = Path.Combine(Path.GetDirectoryName(temp.Path)!, "witness.json");
        var registry = OpenWithWitness(temp, witness);
        await registry.RecordAsync(TemporaryRegistry.Audit("verify"));
        registry.Dispose();

        // The witness alone is swapped for one that names entry 1 with another hash: one of the two copies lies.
        var forged = AuditAnchor.Load(witness)! with { Hash = new byte[32] };
        File.WriteAllText(witness, $"{{\"seq\":{forged.Seq},\"hash\":\"{Convert.ToHexStringLower(forged.Hash)}\"}}");

        var refused = Assert.Throws<InvalidDataException>(() => OpenWithWitness(temp, witness));
        Assert.Contains(witness, refused.Message, StringComparison.Ordinal);
    }

    [Theory]
    [BothStores]
    public async Task An_anchor_that_cannot_be_written_is_reported_until_it_can_again(Store on)
    {
        using var temp = new TemporaryRegistry(on);
        var volume = Directory.CreateTempSubdirectory("egov-witness-volume-");
        var witness = Path.Combine(volume.FullName, "witness.json");
        using var registry = OpenWithWitness(temp, witness);
        await registry.RecordAsync(TemporaryRegistry.Audit("verify"));
        Assert.True(registry.VerifyAudit().Intact);
        Assert.Null(registry.AuditAnchorWriteFailure);

        volume.Delete(recursive: true); // the witness's volume goes away
        await registry.RecordAsync(TemporaryRegistry.Audit("verify"));
        _ = registry.VerifyAudit(); // waits for the anchor's write

        Assert.Contains("witness.json", registry.AuditAnchorWriteFailure, StringComparison.Ordinal);

        Directory.CreateDirectory(volume.FullName);
        await registry.RecordAsync(TemporaryRegistry.Audit("verify"));
        Assert.True(registry.VerifyAudit().Intact);
        Assert.Null(registry.AuditAnchorWriteFailure);
        Directory.Delete(volume.FullName, recursive: true);
    }

    private static SubjectRegistry OpenWithWitness(TemporaryRegistry temp, string witness) =>
        new(temp.Database(), new TemplateCipher(temp.Keys), temp.AnchorPath, witness);

    private static void Replace(string path, string? content)
    {
        File.Delete(path);
        if (content is not null)
        {
            File.WriteAllText(path, content);
        }
    }
}
