using EGov.Biometrics.Registry.Audit;
using EGov.Biometrics.Registry.Crypto;
using EGov.Biometrics.Registry.Storage;
using EGov.Biometrics.Registry.Subjects;
using Microsoft.Data.Sqlite;

namespace EGov.Biometrics.Cli.Tests;

/// <summary>
/// <c>egov-bio audit verify</c> over a data folder someone tampered with (issue 12, findings 4 and 7): a verdict
/// is one line (exit 1 when the chain does not verify), a folder that cannot be checked one line naming the file (exit 2).
/// </summary>
public sealed class AuditVerifyTests : IDisposable
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("egov-audit-verify-");

    private string AnchorPath => Path.Combine(_folder.FullName, "audit-head.json");

    [Fact]
    public async Task An_untouched_log_verifies_as_intact()
    {
        await FillAsync(5);

        var (exit, output, error) = CliRunner.Run("audit", "verify", "--data-dir", _folder.FullName);

        Assert.Equal(0, exit);
        Assert.Equal("audit chain intact: 5 entries", output.Trim());
        Assert.Empty(error);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public async Task A_cut_off_tail_with_the_anchor_deleted_or_emptied_is_not_intact(string? anchorContent)
    {
        await FillAsync(5);
        Execute("DELETE FROM audit WHERE seq >= 4");
        File.Delete(AnchorPath);
        if (anchorContent is not null)
        {
            File.WriteAllText(AnchorPath, anchorContent);
        }

        var (exit, output, _) = CliRunner.Run("audit", "verify", "--data-dir", _folder.FullName);

        Assert.Equal(1, exit);
        var line = Assert.Single(output.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.DoesNotContain("intact", line, StringComparison.Ordinal);
        Assert.Contains("BROKEN", line, StringComparison.Ordinal);
        Assert.Contains(AnchorPath, line, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("audit-head.json", "{\"seq\":", "is not an anchor")]
    [InlineData("audit-head.json", "\0\0\0\0garbage", "is not an anchor")]
    [InlineData("template-keys.json", "", "key ring is empty")]
    [InlineData("template-keys.json", null, "is missing")]
    [InlineData("registry.db", "this is not a database, only text long enough to cover a header", "cannot be opened")]
    public async Task A_folder_that_cannot_be_checked_is_one_line_naming_the_file_and_exit_2(string file, string? content, string reason)
    {
        await FillAsync(2);
        var path = Path.Combine(_folder.FullName, file);
        foreach (var stale in Directory.GetFiles(_folder.FullName, "registry.db-*"))
        {
            File.Delete(stale);
        }

        File.Delete(path);
        if (content is not null)
        {
            File.WriteAllText(path, content);
        }

        var (exit, output, error) = CliRunner.Run("audit", "verify", "--data-dir", _folder.FullName);

        Assert.Equal(2, exit);
        Assert.Empty(output);
        var line = Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains(path, line, StringComparison.Ordinal);
        Assert.Contains(reason, line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_rolled_back_folder_is_broken_against_the_witness_and_the_key_ring_may_live_elsewhere()
    {
        var elsewhere = Directory.CreateTempSubdirectory("egov-audit-elsewhere-");
        try
        {
            var witness = Path.Combine(elsewhere.FullName, "witness.json");
            var keyRing = Path.Combine(elsewhere.FullName, "keys.json");
            await FillAsync(5, witness);
            File.Move(Path.Combine(_folder.FullName, "template-keys.json"), keyRing);
            Execute("DELETE FROM audit WHERE seq >= 4");
            RewriteAnchorToHead();

            var alone = CliRunner.Run("audit", "verify", "--data-dir", _folder.FullName, "--key-ring", keyRing);
            var withWitness = CliRunner.Run("audit", "verify", "--data-dir", _folder.FullName, "--key-ring", keyRing, "--audit-witness", witness);

            Assert.Equal((0, "audit chain intact: 3 entries"), (alone.Exit, alone.Output.Trim()));
            Assert.Equal(1, withWitness.Exit);
            Assert.Contains("entries 4 to 5 are missing", withWitness.Output, StringComparison.Ordinal);
            Assert.Contains(witness, withWitness.Output, StringComparison.Ordinal);
        }
        finally
        {
            elsewhere.Delete(recursive: true);
        }
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _folder.Delete(recursive: true);
    }

    // A data folder as the server leaves it: registry, key ring, anchor (and witness), with some audited decisions.
    private async Task FillAsync(int entries, string? witness = null)
    {
        var keys = KeyRing.Generate();
        new KeyRingFile(Path.Combine(_folder.FullName, "template-keys.json")).Save(keys);
        using var registry = new SubjectRegistry(new RegistryDatabase(Path.Combine(_folder.FullName, "registry.db")), new TemplateCipher(keys), AnchorPath, witness);
        for (var i = 0; i < entries; i++)
        {
            await registry.RecordAsync(new AuditEntry("test", "supervisor", "desk-1", "verify", "31234567890123", "match"));
        }

        registry.Dispose();
        SqliteConnection.ClearAllPools(); // what egov-bio opens next is the file on disk, not a pooled handle to it
    }

    // What someone who owns the data folder does after cutting the tail: an anchor that matches the shorter log.
    private void RewriteAnchorToHead()
    {
        using var connection = new RegistryDatabase(Path.Combine(_folder.FullName, "registry.db")).Open();
        var head = AuditLog.Head(connection)!;
        File.WriteAllText(AnchorPath, $"{{\"seq\":{head.Seq},\"hash\":\"{Convert.ToHexStringLower(head.Hash)}\"}}");
    }

    private void Execute(string sql)
    {
        using var connection = new SqliteConnection($"Data Source={Path.Combine(_folder.FullName, "registry.db")}");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
