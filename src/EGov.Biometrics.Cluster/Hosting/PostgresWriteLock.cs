using EGov.Biometrics.Service.Galleries;
using Npgsql;

namespace EGov.Biometrics.Cluster.Hosting;

/// <summary>
/// The cluster's write lock: a transaction-scoped PostgreSQL advisory lock held for the whole enrolment or deletion
/// (duplicate check, registry commit, shard add), so two silos never check the same face at once. Within a silo the
/// writers queue on a local lock first (one database connection waits, not one per writer). A silo that dies while it
/// holds the lock loses its connection, and PostgreSQL releases the lock with the connection.
/// </summary>
public sealed class PostgresWriteLock(string connectionString) : IWriteLock
{
    // pg_advisory_xact_lock key: "EGovWrit" as a 64-bit number (the membership script's lock is another key).
    private const long LockKey = 0x45476F7657726974;

    private readonly ProcessWriteLock _local = new();

    public async Task<IAsyncDisposable> AcquireAsync(CancellationToken cancel = default)
    {
        var local = await _local.AcquireAsync(cancel).ConfigureAwait(false);
        var connection = new NpgsqlConnection(connectionString);
        try
        {
            await connection.OpenAsync(cancel).ConfigureAwait(false);
            var transaction = await connection.BeginTransactionAsync(cancel).ConfigureAwait(false);
            await using (var command = new NpgsqlCommand("SELECT pg_advisory_xact_lock(@key)", connection, transaction))
            {
                command.Parameters.AddWithValue("key", LockKey);
                await command.ExecuteNonQueryAsync(cancel).ConfigureAwait(false);
            }

            return new Held(connection, transaction, local);
        }
        catch (Exception e)
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            await local.DisposeAsync().ConfigureAwait(false);
            throw e is NpgsqlException ? new GalleryUnavailableException($"The cluster's write lock cannot be taken (PostgreSQL: {e.Message}); nothing was written, retry.", e) : e;
        }
    }

    private sealed class Held(NpgsqlConnection connection, NpgsqlTransaction transaction, IAsyncDisposable local) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            try
            {
                // The transaction wrote nothing: ending it releases the lock.
                await transaction.RollbackAsync().ConfigureAwait(false);
            }
            catch (NpgsqlException)
            {
                // The connection is gone, and the lock with it.
            }
            finally
            {
                await transaction.DisposeAsync().ConfigureAwait(false);
                await connection.DisposeAsync().ConfigureAwait(false);
                await local.DisposeAsync().ConfigureAwait(false);
            }
        }
    }
}
