using System.Globalization;
using EGov.Biometrics.Service.Galleries;
using Npgsql;

namespace EGov.Biometrics.Cluster.Hosting;

/// <summary>
/// The cluster's write lock: a transaction-scoped PostgreSQL advisory lock held for the whole enrolment or deletion
/// (duplicate check, registry commit, shard add), so two silos never check the same face at once. Within a silo the
/// writers queue on a local lock first (one database connection waits, not one per writer). A silo that dies while it
/// holds the lock loses its connection, and PostgreSQL releases the lock with the connection. A silo that hangs while it
/// holds it (SIGSTOP, a frozen VM: its sockets stay open, so neither TCP nor Orleans' death declaration frees the lock)
/// holds it at most <see cref="DefaultHoldLimit"/>: PostgreSQL ends a session idle in its transaction that long. A writer
/// waits at most <see cref="DefaultWaitLimit"/> for it and is then told the lock is held (Unavailable), on a connection
/// that stays usable (PostgreSQL's lock_timeout, below Npgsql's 30 s command timeout, which would break the connection
/// and leave its backend waiting on the lock).
/// </summary>
/// <param name="holdLimit">How long a holder may keep its transaction idle (default <see cref="DefaultHoldLimit"/>).</param>
/// <param name="waitLimit">How long a writer waits for the lock (default <see cref="DefaultWaitLimit"/>).</param>
public sealed class PostgresWriteLock(string connectionString, TimeSpan? holdLimit = null, TimeSpan? waitLimit = null) : IWriteLock
{
    /// <summary>
    /// Far above the longest legitimate hold (a batch's duplicate check, commit and shard adds, each bounded by the 10 s
    /// shard timeout), so only a hung holder reaches it; a holder that did would write on without the lock.
    /// </summary>
    public static readonly TimeSpan DefaultHoldLimit = TimeSpan.FromMinutes(2);

    /// <summary>Below Npgsql's default command timeout (30 s).</summary>
    public static readonly TimeSpan DefaultWaitLimit = TimeSpan.FromSeconds(25);

    // pg_advisory_xact_lock key: "EGovWrit" as a 64-bit number (the membership script's lock is another key).
    private const long LockKey = 0x45476F7657726974;

    // PostgreSQL's lock wait that ran out (lock_timeout).
    private const string LockNotAvailable = "55P03";

    private readonly TimeSpan _holdLimit = holdLimit ?? DefaultHoldLimit;
    private readonly TimeSpan _waitLimit = waitLimit ?? DefaultWaitLimit;

    private readonly ProcessWriteLock _local = new();

    public async Task<IAsyncDisposable> AcquireAsync(CancellationToken cancel = default)
    {
        var local = await _local.AcquireAsync(cancel).ConfigureAwait(false);
        var connection = new NpgsqlConnection(connectionString);
        try
        {
            await connection.OpenAsync(cancel).ConfigureAwait(false);
            var transaction = await connection.BeginTransactionAsync(cancel).ConfigureAwait(false);
            await using (var limits = new NpgsqlCommand("SELECT set_config('lock_timeout', @wait, true), set_config('idle_in_transaction_session_timeout', @hold, true)", connection, transaction))
            {
                limits.Parameters.AddWithValue("wait", Milliseconds(_waitLimit));
                limits.Parameters.AddWithValue("hold", Milliseconds(_holdLimit));
                await limits.ExecuteNonQueryAsync(cancel).ConfigureAwait(false);
            }

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
            throw e switch
            {
                PostgresException { SqlState: LockNotAvailable } => new GalleryUnavailableException(
                    string.Create(CultureInfo.InvariantCulture, $"The cluster's write lock is held by another writer (no turn within {_waitLimit.TotalSeconds:0.#} s); nothing was written, retry."), e),
                NpgsqlException => new GalleryUnavailableException($"The cluster's write lock cannot be taken (PostgreSQL: {e.Message}); nothing was written, retry.", e),
                _ => e,
            };
        }
    }

    private static string Milliseconds(TimeSpan limit) => ((long)limit.TotalMilliseconds).ToString(CultureInfo.InvariantCulture);

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
