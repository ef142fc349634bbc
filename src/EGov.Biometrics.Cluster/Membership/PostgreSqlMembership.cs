using Npgsql;

namespace EGov.Biometrics.Cluster.Membership;

/// <summary>
/// Installs the membership tables and the provider's queries (PostgreSqlMembership.sql, embedded) in the cluster's PostgreSQL.
/// Every silo applies it at start, one at a time under a transaction-scoped advisory lock; it is idempotent (tables made
/// once, queries replaced by this version's).
/// </summary>
public static class PostgreSqlMembership
{
    /// <summary>The ADO.NET invariant the clustering provider is configured with.</summary>
    public const string Invariant = "Npgsql";

    // pg_advisory_xact_lock key: "EGovOrlM" as a 64-bit number, so no other lock of this database is confused with it.
    private const long LockKey = 0x45476F764F726C4D;

    public static string Script()
    {
        using var stream = typeof(PostgreSqlMembership).Assembly.GetManifestResourceStream("EGov.Biometrics.Cluster.PostgreSqlMembership.sql")
            ?? throw new InvalidOperationException("The membership SQL is not embedded in EGov.Biometrics.Cluster.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    public static async Task ApplyAsync(string connectionString, CancellationToken cancel = default)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancel).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancel).ConfigureAwait(false);
        await using (var lockCommand = new NpgsqlCommand("SELECT pg_advisory_xact_lock(@key)", connection, transaction))
        {
            lockCommand.Parameters.AddWithValue("key", LockKey);
            await lockCommand.ExecuteNonQueryAsync(cancel).ConfigureAwait(false);
        }

        await using (var apply = new NpgsqlCommand(Script(), connection, transaction))
        {
            await apply.ExecuteNonQueryAsync(cancel).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancel).ConfigureAwait(false);
    }
}
