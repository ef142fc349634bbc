using System.Data.Common;

namespace EGov.Biometrics.Cluster.Hosting;

/// <summary>
/// The PostgreSQL connection a silo keeps the cluster's membership in: given on the command line without a password (a
/// password there would be in every process listing and shell history), the password taken from the environment.
/// </summary>
public static class ClusterMembership
{
    public const string PasswordVariable = "EGOV_PG_PASSWORD";

    public static string Connection(string? connection) => Connection(connection, Environment.GetEnvironmentVariable(PasswordVariable));

    /// <summary>The connection string with <paramref name="password"/> added (none when null or empty).</summary>
    public static string Connection(string? connection, string? password)
    {
        if (string.IsNullOrWhiteSpace(connection))
        {
            throw new ArgumentException("--cluster needs --cluster-membership: the PostgreSQL connection (Host=...;Port=...;Username=...;Database=...) that holds the membership table.");
        }

        var builder = new DbConnectionStringBuilder { ConnectionString = connection };
        if (builder.ContainsKey("Password"))
        {
            throw new ArgumentException($"--cluster-membership must not hold the password (it would show in process listings); give it in ${PasswordVariable}.");
        }

        if (password is { Length: > 0 })
        {
            builder["Password"] = password;
        }

        return builder.ConnectionString;
    }
}
