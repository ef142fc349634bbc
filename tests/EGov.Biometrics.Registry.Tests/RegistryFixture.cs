using EGov.Biometrics.Postgres.TestSupport;
using EGov.Biometrics.Registry.Audit;
using EGov.Biometrics.Registry.Crypto;
using EGov.Biometrics.Registry.Storage;
using EGov.Biometrics.Registry.Subjects;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace EGov.Biometrics.Registry.Tests;

/// <summary>
/// A registry on a fresh store, removed afterwards: a SQLite file in a temporary folder, or a database of its own on
/// the test run's PostgreSQL (<see cref="PostgresServer"/>). The audit anchor files are in the temporary folder on both.
/// </summary>
public sealed class TemporaryRegistry : IDisposable
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("egov-registry-");
    private readonly List<SubjectRegistry> _opened = [];
    private readonly string? _postgres;

    private readonly PostgresServer _server;

    /// <param name="server">The PostgreSQL server (default: the test run's shared one).</param>
    public TemporaryRegistry(Store store = Store.Sqlite, KeyRing? keys = null, PostgresServer? server = null)
    {
        Store = store;
        Keys = keys ?? KeyRing.Generate();
        Path = System.IO.Path.Combine(_folder.FullName, "registry.db");
        _server = store == Store.Postgres ? server ?? PostgresServer.Instance : null!;
        _postgres = store == Store.Postgres ? _server.CreateDatabase() : null;
        Registry = Open(Keys);
    }

    public Store Store { get; }

    /// <summary>The SQLite file (where the store is SQLite).</summary>
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

    /// <summary>The folder beside the store (anchors, witnesses).</summary>
    public string Folder => _folder.FullName;

    /// <summary>The store opened afresh, as another process (or a restart) would open it.</summary>
    public RegistryDatabase Database() =>
        _postgres is null ? new RegistryDatabase(Path) : RegistryDatabase.Postgres(_postgres, _server.Password);

    /// <summary>Another registry over the same store (a restart, another key ring, another node); finished with this one.</summary>
    public SubjectRegistry Open(KeyRing keys, string? anchorPath = null)
    {
        var registry = new SubjectRegistry(Database(), new TemplateCipher(keys), anchorPath ?? AnchorPath);
        _opened.Add(registry);
        return registry;
    }

    /// <summary>Runs SQL directly against the store, as someone with disk or database access could.</summary>
    public void Execute(string sql) => Scalar(sql);

    /// <summary>Runs SQL directly against the store and returns the first column of its first row.</summary>
    public object? Scalar(string sql)
    {
        using System.Data.Common.DbConnection connection = _postgres is null
            ? new SqliteConnection($"Data Source={Path}")
            : new NpgsqlConnection(_server.WithPassword(_postgres));
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }

    /// <summary>A literal of <paramref name="bytes"/> in this store's SQL.</summary>
    public string Blob(byte[] bytes) => _postgres is null ? $"X'{Convert.ToHexString(bytes)}'" : $"'\\x{Convert.ToHexString(bytes)}'::bytea";

    public void Dispose()
    {
        // Every registry's writer is finished first: its idle checkpoint would otherwise still write the WAL.
        _opened.ForEach(r => r.Dispose());
        SqliteConnection.ClearAllPools();
        if (_postgres is not null)
        {
            _server.DropDatabase(_postgres);
        }

        _folder.Delete(recursive: true);
    }
}
