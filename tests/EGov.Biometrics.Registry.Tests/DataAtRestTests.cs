using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using EGov.Biometrics.Registry.Subjects;
using Microsoft.Data.Sqlite;

namespace EGov.Biometrics.Registry.Tests;

/// <summary>
/// Templates at rest (issue 12, finding 7 and "what to build" 6): each sealed template is bound to its own row,
/// registries sealed before that stay readable, and deleted subjects do not linger in the file's free pages.
/// </summary>
public sealed class DataAtRestTests
{
    private const string Model = "faceplugin-arcface-r512";
    private const string Alice = "31234567890123";

    [Theory]
    [BothStores]
    public async Task Two_templates_of_one_subject_swapped_in_the_database_fail_to_decrypt(Store on)
    {
        using var temp = new TemporaryRegistry(on);
        var ids = (await temp.Registry.EnrollAsync(Alice, [new NewTemplate(TemporaryRegistry.UnitVector(1), Model), new NewTemplate(TemporaryRegistry.UnitVector(2), Model)], TemporaryRegistry.Audit())).TemplateIds;

        // Someone with write access to the file swaps the sealed blobs of the two rows (same subject, same model, same key).
        temp.Execute($"""
            CREATE TEMP TABLE saved AS SELECT id, nonce, ciphertext, tag FROM templates;
            UPDATE templates SET nonce = (SELECT nonce FROM saved WHERE id = {ids[1]}), ciphertext = (SELECT ciphertext FROM saved WHERE id = {ids[1]}), tag = (SELECT tag FROM saved WHERE id = {ids[1]}) WHERE id = {ids[0]};
            UPDATE templates SET nonce = (SELECT nonce FROM saved WHERE id = {ids[0]}), ciphertext = (SELECT ciphertext FROM saved WHERE id = {ids[0]}), tag = (SELECT tag FROM saved WHERE id = {ids[0]}) WHERE id = {ids[1]};
            """);

        var refused = Assert.Throws<CryptographicException>(() => temp.Registry.LoadTemplates(Model).ToList());
        Assert.Contains($"Template {ids[0]} of {Alice}", refused.Message, StringComparison.Ordinal);
    }

    [Theory]
    [BothStores]
    public async Task A_template_sealed_before_its_id_was_bound_is_resealed_at_start_and_still_reads(Store on)
    {
        using var temp = new TemporaryRegistry(on);
        var vector = TemporaryRegistry.UnitVector(3);
        var id = (await temp.Registry.EnrollAsync(Alice, [new NewTemplate(TemporaryRegistry.UnitVector(4), Model)], TemporaryRegistry.Audit())).TemplateIds[0];

        // The row as the previous release wrote it: AES-GCM with "egov-template-v1\n{pinfl}\n{model}" as associated data.
        var nonce = RandomNumberGenerator.GetBytes(12);
        var plaintext = MemoryMarshal.AsBytes(vector.AsSpan()).ToArray();
        var ciphertext = new byte[plaintext.Length];
        var tag = new byte[16];
        using (var aes = new AesGcm(temp.Keys.Key(temp.Keys.ActiveKeyId), 16))
        {
            aes.Encrypt(nonce, plaintext, ciphertext, tag, Encoding.UTF8.GetBytes($"egov-template-v1\n{Alice}\n{Model}"));
        }

        temp.Execute($"UPDATE templates SET nonce = {temp.Blob(nonce)}, ciphertext = {temp.Blob(ciphertext)}, tag = {temp.Blob(tag)}, sealed_with_id = 0 WHERE id = {id}");
        Assert.Throws<CryptographicException>(() => temp.Registry.LoadTemplates(Model).ToList());

        var restarted = temp.Open(temp.Keys);

        Assert.Equal(vector, Assert.Single(restarted.LoadTemplates(Model)).Vector);
        Assert.Equal(1L, Scalar(temp, "SELECT MIN(sealed_with_id) FROM templates"));
        Assert.Equal(1L, Scalar(temp, "SELECT COUNT(*) FROM audit WHERE action = 'reseal-templates' AND decision LIKE 're-sealed 1 %'"));
        Assert.True(restarted.VerifyAudit().Intact);
    }

    // SQLite only: it reads the file and relies on secure_delete. PostgreSQL keeps a deleted row's bytes until VACUUM
    // reuses the space (docs/operations.md says so); its data files are not the application's to scan.
    [Fact]
    public async Task A_deleted_subject_leaves_no_sealed_template_bytes_in_the_file()
    {
        using var temp = new TemporaryRegistry();
        await temp.Registry.EnrollAsync(Alice, [new NewTemplate(TemporaryRegistry.UnitVector(5), Model)], TemporaryRegistry.Audit());
        var sealedBytes = (byte[])temp.Scalar("SELECT ciphertext FROM templates")!;
        await temp.Registry.DeleteAsync(Alice, TemporaryRegistry.Audit("delete"));
        temp.Registry.Dispose();

        // Everything folded back into the database file and the WAL emptied: what a copy of the folder would hold.
        temp.Execute("PRAGMA wal_checkpoint(TRUNCATE)");
        SqliteConnection.ClearAllPools();

        foreach (var file in Directory.GetFiles(Path.GetDirectoryName(temp.Path)!, "registry.db*"))
        {
            var bytes = File.ReadAllBytes(file);
            Assert.True(bytes.AsSpan().IndexOf(sealedBytes.AsSpan(0, 64)) < 0, $"the deleted template's ciphertext is still in {Path.GetFileName(file)}");
        }
    }

    private static long Scalar(TemporaryRegistry temp, string sql) => (long)temp.Scalar(sql)!;
}
