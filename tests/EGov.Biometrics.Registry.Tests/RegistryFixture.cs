using EGov.Biometrics.Registry.Audit;
using EGov.Biometrics.Registry.Crypto;
using EGov.Biometrics.Registry.Storage;
using EGov.Biometrics.Registry.Subjects;
using Microsoft.Data.Sqlite;

namespace EGov.Biometrics.Registry.Tests;

/// <summary>A registry in a fresh temporary folder, removed afterwards.</summary>
public sealed class TemporaryRegistry : IDisposable
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("egov-registry-");

    public TemporaryRegistry(KeyRing? keys = null)
    {
        Keys = keys ?? KeyRing.Generate();
        Path = System.IO.Path.Combine(_folder.FullName, "registry.db");
        Registry = Open(Keys);
    }

    public string Path { get; }

    public KeyRing Keys { get; }

    public SubjectRegistry Registry { get; }

    public static AuditEntry Audit(string action = "enroll") => new("test-caller", "enroller", "desk-1", action, string.Empty, "accepted");

    public static float[] UnitVector(int seed, int dimension = 512)
    {
        var random = new Random(seed);
        var v = Enumerable.Range(0, dimension).Select(_ => (float)((random.NextDouble() * 2) - 1)).ToArray();
        var norm = (float)Math.Sqrt(v.Sum(x => (double)x * x));
        return v.Select(x => x / norm).ToArray();
    }

    /// <summary>The audit chain's head, kept beside (not in) the database.</summary>
    public string AnchorPath => System.IO.Path.Combine(_folder.FullName, "audit-head.json");

    public SubjectRegistry Open(KeyRing keys) => new(new RegistryDatabase(Path), new TemplateCipher(keys), AnchorPath);

    /// <summary>Runs SQL directly against the file, as someone with disk access could.</summary>
    public void Execute(string sql)
    {
        using var connection = new SqliteConnection($"Data Source={Path}");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();

        // The registry's writer thread may still fold the WAL back for a moment after the test (the registry
        // has no shutdown of its own yet): retry the clean-up briefly instead of failing the test on it.
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                _folder.Delete(recursive: true);
                return;
            }
            catch (IOException) when (attempt < 20)
            {
                Thread.Sleep(50);
            }
        }
    }
}
