using Npgsql;

namespace EGov.Biometrics.Cluster.Hosting;

/// <summary>
/// The PostgreSQL connection a silo keeps the cluster's membership in (and takes the cluster's write lock on): the
/// registry's own database (--postgres), whose connection string carries no password (it would show in every process
/// listing); the password, read from its file or the environment, is added here.
/// </summary>
public static class ClusterMembership
{
    public const string NeedsPostgres = "--cluster needs --postgres: the silos share the registry and keep the cluster's membership in that PostgreSQL (SQLite is one node's).";

    /// <param name="postgres">The registry's --postgres connection string; null when the registry is SQLite.</param>
    /// <param name="password">Its password (none when null or empty).</param>
    /// <exception cref="ArgumentException">No PostgreSQL, or a password inside the connection string.</exception>
    public static string Connection(string? postgres, string? password)
    {
        if (string.IsNullOrWhiteSpace(postgres))
        {
            throw new ArgumentException(NeedsPostgres);
        }

        // Npgsql's own builder: it knows the password's other names (PWD, PSW) and the password file (Passfile).
        var builder = new NpgsqlConnectionStringBuilder(postgres);
        if (!string.IsNullOrEmpty(builder.Password) || !string.IsNullOrEmpty(builder.Passfile))
        {
            throw new ArgumentException("The PostgreSQL connection string must not hold the password (it would show in process listings): give it in --postgres-password-file or $EGOV_PG_PASSWORD.");
        }

        if (password is { Length: > 0 })
        {
            builder.Password = password;
        }

        return builder.ConnectionString;
    }
}
