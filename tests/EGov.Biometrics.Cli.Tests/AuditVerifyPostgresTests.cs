using EGov.Biometrics.Postgres.TestSupport;
using EGov.Biometrics.Registry.Audit;
using EGov.Biometrics.Registry.Crypto;
using EGov.Biometrics.Registry.Storage;
using EGov.Biometrics.Registry.Subjects;
using Npgsql;

namespace EGov.Biometrics.Cli.Tests;

/// <summary>
/// <c>egov-bio audit verify --postgres</c>: the same check of a registry on PostgreSQL, against a node's anchor; the
/// password from a file (never the command line).
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")] // password files are checked by their Unix mode
public sealed class AuditVerifyPostgresTests : IDisposable
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("egov-audit-verify-pg-");
    private readonly string _database = PostgresServer.Instance.CreateDatabase();

    private string PasswordFile => Path.Combine(_folder.FullName, "pg.password");

    [Fact]
    public async Task A_chain_on_PostgreSQL_verifies_and_a_row_deleted_there_is_named()
    {
        var keys = KeyRing.Generate();
        new KeyRingFile(Path.Combine(_folder.FullName, "template-keys.json")).Save(keys);
        File.WriteAllText(PasswordFile, PostgresServer.Instance.Password + "\n");
        File.SetUnixFileMode(PasswordFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        using (var registry = new SubjectRegistry(RegistryDatabase.Postgres(_database, PostgresServer.Instance.Password), new TemplateCipher(keys), Path.Combine(_folder.FullName, "audit-head.json")))
        {
            for (var i = 0; i < 4; i++)
            {
                await registry.RecordAsync(new AuditEntry("test", "supervisor", "desk-1", "verify", "31234567890123", "match"));
            }
        }

        var intact = Verify();
        Execute("DELETE FROM audit WHERE seq = 2");
        var broken = Verify();

        Assert.Equal((0, "audit chain intact: 4 entries"), (intact.Exit, intact.Output.Trim()));
        Assert.Equal(1, broken.Exit);
        Assert.Contains("entry 2 is missing", broken.Output, StringComparison.Ordinal);
        Assert.Contains("PostgreSQL", broken.Output, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        PostgresServer.Instance.DropDatabase(_database);
        _folder.Delete(recursive: true);
    }

    private (int Exit, string Output, string Error) Verify() =>
        CliRunner.Run("audit", "verify", "--data-dir", _folder.FullName, "--postgres", _database, "--postgres-password-file", PasswordFile);

    private void Execute(string sql)
    {
        using var connection = new NpgsqlConnection(PostgresServer.Instance.WithPassword(_database));
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
