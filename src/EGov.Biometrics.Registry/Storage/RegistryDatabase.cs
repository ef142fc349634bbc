using Microsoft.Data.Sqlite;

namespace EGov.Biometrics.Registry.Storage;

/// <summary>
/// The registry's SQLite file: write-ahead log, full fsync on commit (an acknowledged write survives a
/// crash), foreign keys on, deleted content overwritten with zeros (secure_delete: a deleted subject's
/// sealed template and image do not linger in free pages), and the schema brought to the newest version by
/// numbered migrations.
/// </summary>
public sealed class RegistryDatabase
{
    public RegistryDatabase(string path)
    {
        Path = path;
        ConnectionString = new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadWriteCreate, Pooling = true }.ToString();
        try
        {
            using var connection = Open();
            Migrations.Apply(connection);
        }
        catch (SqliteException e)
        {
            // A file that is not a database (overwritten, the wrong file) is refused with its name, not a stack trace.
            throw new InvalidDataException($"The registry {path} cannot be opened: {e.Message}", e);
        }
    }

    public string Path { get; }

    public string ConnectionString { get; }

    public SqliteConnection Open()
    {
        var connection = new SqliteConnection(ConnectionString);
        connection.Open();
        using var pragma = connection.CreateCommand();
        pragma.CommandText = "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON; PRAGMA secure_delete=ON; PRAGMA busy_timeout=5000;";
        pragma.ExecuteNonQuery();
        return connection;
    }
}
