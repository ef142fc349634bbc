using System.Data.Common;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace EGov.Biometrics.Registry.Storage;

/// <summary>
/// The registry's database, brought to the newest schema by numbered migrations when opened. Embedded, a SQLite
/// file: write-ahead log, full fsync on commit (an acknowledged write survives a crash), foreign keys on, deleted
/// content overwritten with zeros (secure_delete: a deleted subject's sealed template and image do not linger in
/// free pages). For a cluster, a PostgreSQL database that every node shares, committed with fsync
/// (synchronous_commit=on, as scripts/postgres.sh sets it). The stores speak to both through
/// <see cref="DbConnection"/>; what differs is in <see cref="SqlDialect"/>.
/// </summary>
public sealed class RegistryDatabase
{
    private readonly DbDataSource _source;

    /// <summary>The SQLite file at <paramref name="path"/> (created when missing).</summary>
    public RegistryDatabase(string path)
        : this(
            SqlDialect.Sqlite,
            path,
            SqliteFactory.Instance.CreateDataSource(new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadWriteCreate, Pooling = true }.ToString()))
    {
    }

    private RegistryDatabase(SqlDialect dialect, string name, DbDataSource source)
    {
        Dialect = dialect;
        Path = name;
        _source = source;
        try
        {
            using var connection = Open();
            Migrations.Apply(connection, dialect);
        }
        catch (DbException e)
        {
            // A file that is not a database (overwritten, the wrong file), a server that refuses us: one line naming it, not a stack trace.
            throw new InvalidDataException($"The registry {name} cannot be opened: {e.Message}", e);
        }
    }

    public static RegistryDatabase Sqlite(string path) => new(path);

    /// <summary>
    /// The PostgreSQL database <paramref name="connectionString"/> names; the password comes apart from it (from a
    /// file or the environment, never a command line), and one inside the connection string is refused.
    /// </summary>
    /// <exception cref="ArgumentException">The connection string is not one, or holds a password.</exception>
    /// <exception cref="InvalidDataException">The server cannot be reached or refuses the login; the message says which.</exception>
    public static RegistryDatabase Postgres(string connectionString, string? password)
    {
        NpgsqlConnectionStringBuilder builder;
        try
        {
            builder = new NpgsqlConnectionStringBuilder(connectionString);
        }
        catch (ArgumentException e)
        {
            throw new ArgumentException($"The PostgreSQL connection string is not valid: {e.Message}", e);
        }

        if (!string.IsNullOrEmpty(builder.Password) || !string.IsNullOrEmpty(builder.Passfile))
        {
            throw new ArgumentException("The PostgreSQL connection string must not hold a password (Password=): give it in a file or the environment, never on a command line.");
        }

        builder.Password = password;
        var name = $"PostgreSQL database {builder.Database ?? builder.Username} on {builder.Host}:{builder.Port}";
        return new RegistryDatabase(SqlDialect.Postgres, name, new NpgsqlDataSourceBuilder(builder.ConnectionString).Build());
    }

    /// <summary>The SQLite file's path, or for PostgreSQL a description of the database (for messages; never the password).</summary>
    public string Path { get; }

    public SqlDialect Dialect { get; }

    public bool IsSqlite => Dialect == SqlDialect.Sqlite;

    public DbConnection Open()
    {
        var connection = _source.CreateConnection();
        try
        {
            connection.Open();
            Dialect.Prepare(connection);
            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }
}
