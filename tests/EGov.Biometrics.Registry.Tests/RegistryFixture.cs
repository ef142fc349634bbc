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
    private readonly List<SubjectRegistry> _opened = [];

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

    /// <summary>Another registry over the same files (a restart, another key ring); finished with this one.</summary>
    public SubjectRegistry Open(KeyRing keys)
    {
        var registry = new SubjectRegistry(new RegistryDatabase(Path), new TemplateCipher(keys), AnchorPath);
        _opened.Add(registry);
        return registry;
    }

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
        // Every registry's writer is finished first: its idle checkpoint would otherwise still write the WAL.
        _opened.ForEach(r => r.Dispose());
        SqliteConnection.ClearAllPools();
        _folder.Delete(recursive: true);
    }
}
