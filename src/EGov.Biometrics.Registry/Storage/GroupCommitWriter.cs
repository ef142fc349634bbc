using System.Collections.Concurrent;
using System.Data.Common;
using System.Runtime.ExceptionServices;

namespace EGov.Biometrics.Registry.Storage;

/// <summary>
/// Runs every registry write through one transaction per batch: a writer thread takes everything queued
/// so far, runs each write in its own savepoint and commits once. A thousand audited verifications a
/// second then cost a few dozen fsyncs, not a thousand, and each caller still learns of its write only
/// after the commit that made it durable. The writer is a thread of its own (the fsync must not hold a
/// thread-pool thread, which request handlers need); it lingers briefly when idle, then exits.
/// </summary>
/// <param name="committed">Runs on the writer's connection after each commit (the audit anchor is kept there);
/// a failure there cannot undo the commit: it is counted in <see cref="HookFailures"/>.</param>
public sealed class GroupCommitWriter(RegistryDatabase database, int maxBatch = 256, Action<DbConnection>? committed = null) : IDisposable
{
    private static readonly TimeSpan Linger = TimeSpan.FromMilliseconds(250);
    private readonly ConcurrentQueue<IWrite> _queue = new();
    private readonly ManualResetEventSlim _arrived = new(false);
    private int _running;
    private int _liveThreads; // writer threads running, and callers between the closing check and starting one
    private volatile bool _closing;
    private int _commitsSinceCheckpoint;
    private Task _checkpoint = Task.CompletedTask;

    private interface IWrite
    {
        /// <summary>Runs inside the batch; a failure rolls back this write alone.</summary>
        void Run(DbConnection connection, DbTransaction transaction);

        void Committed();

        void Failed(Exception error);
    }

    /// <summary>Runs <paramref name="write"/> in the next batch; completes once that batch is on disk.</summary>
    public Task<T> WriteAsync<T>(Func<DbConnection, DbTransaction, T> write)
    {
        var item = new Write<T>(write);

        // Counted before the closing check: Dispose waits for every caller past it, so no writer starts after it returns.
        Interlocked.Increment(ref _liveThreads);
        try
        {
            ObjectDisposedException.ThrowIf(_closing, this);
            _queue.Enqueue(item);
            _arrived.Set();
            if (Interlocked.CompareExchange(ref _running, 1, 0) == 0)
            {
                Interlocked.Increment(ref _liveThreads);
                new Thread(WriterLoop) { IsBackground = true, Name = "registry-writer" }.Start();
            }
        }
        finally
        {
            Interlocked.Decrement(ref _liveThreads);
        }

        return item.Completion.Task;
    }

    private void WriterLoop()
    {
        var batch = new List<IWrite>(maxBatch);
        while (true)
        {
            _arrived.Reset();
            while (_queue.TryDequeue(out var next))
            {
                batch.Add(next);
                if (batch.Count == maxBatch)
                {
                    Commit(batch);
                    batch.Clear();
                }
            }

            if (batch.Count > 0)
            {
                Commit(batch);
                batch.Clear();
                continue;
            }

            if (!_closing && _arrived.Wait(Linger))
            {
                continue;
            }

            // Idle: fold the WAL back into the database now, while nobody waits on a commit.
            if (_commitsSinceCheckpoint > 0 && _checkpoint.IsCompleted)
            {
                _commitsSinceCheckpoint = 0;
                Checkpoint();
            }

            // Idle: leave, unless a write arrived between the last look and giving up the role.
            // A full fence: the store must be visible before the queue is looked at, or a producer that still
            // saw 1 and this thread that saw an empty queue would both walk away from a queued write.
            Interlocked.Exchange(ref _running, 0);
            if (_queue.IsEmpty || Interlocked.CompareExchange(ref _running, 1, 0) != 0)
            {
                Interlocked.Decrement(ref _liveThreads);
                return;
            }
        }
    }

    private void Commit(List<IWrite> batch)
    {
        var succeeded = new List<IWrite>(batch.Count);
        DbConnection? connection = null;
        try
        {
            connection = database.Open();
            database.Dialect.DisableAutomaticCheckpoints(connection);
            using var transaction = connection.BeginTransaction();
            database.Dialect.BeginBatch(connection, transaction);
            foreach (var write in batch)
            {
                transaction.Save("write");
                Exception? failure = null;
                try
                {
                    write.Run(connection, transaction);
                }
                catch (Exception error) when (error is not OutOfMemoryException)
                {
                    failure = error;
                }

                if (failure is null)
                {
                    transaction.Release("write");
                    succeeded.Add(write);
                }
                else
                {
                    try
                    {
                        transaction.Rollback("write");
                        transaction.Release("write");
                    }
                    catch (Exception error) when (error is not OutOfMemoryException)
                    {
                        // The database has already rolled back the whole transaction (SQLite: disk full, I/O error;
                        // PostgreSQL: the connection lost): the batch fails as a whole below, with the write's error,
                        // which names the cause (the rollback's says only that the transaction is gone).
                        ExceptionDispatchInfo.Throw(failure);
                    }

                    write.Failed(failure);
                }
            }

            transaction.Commit();
        }
        catch (Exception error) when (error is not OutOfMemoryException)
        {
            // Nothing of this batch reached the disk: every write not told otherwise fails now (told ones keep their outcome).
            batch.ForEach(write => write.Failed(error));
            if (connection is not null)
            {
                // The next batch opens a fresh connection: a pooled one may be as broken as this one (a restarted server).
                database.Dialect.Forget(connection);
                connection.Dispose();
            }

            return;
        }

        try
        {
            committed?.Invoke(connection);
        }
        catch (Exception error) when (error is not OutOfMemoryException)
        {
            // The batch is durable whatever happens here: the hook's failure must not be reported as the writes'.
            HookFailures++;
        }
        finally
        {
            connection.Dispose();
        }

        succeeded.ForEach(write => write.Committed());

        // Checkpoints run beside the writer, not inside a commit: an automatic one would stall every caller
        // waiting on that commit for the length of a database fsync (the p99 at 64 clients showed it).
        if (++_commitsSinceCheckpoint >= CommitsPerCheckpoint && _checkpoint.IsCompleted)
        {
            _commitsSinceCheckpoint = 0;
            _checkpoint = Task.Run(Checkpoint);
        }
    }

    private const int CommitsPerCheckpoint = 64;

    /// <summary>
    /// Takes no more writes, lets the writer finish what is queued and its last checkpoint, and returns once
    /// nothing touches the files any more (so they can be copied, moved or deleted).
    /// </summary>
    public void Dispose()
    {
        _closing = true;
        Interlocked.MemoryBarrier(); // the flag must be visible before the count is read (a caller counts, then reads the flag)
        _arrived.Set();
        SpinWait.SpinUntil(() => Volatile.Read(ref _liveThreads) == 0);
        _checkpoint.Wait();
    }

    private void Checkpoint()
    {
        try
        {
            using var connection = database.Open();
            database.Dialect.Checkpoint(connection);
        }
        catch (DbException)
        {
            // Busy or failing: the WAL keeps the data meanwhile and the next checkpoint tries again.
        }
    }

    /// <summary>How often the after-commit hook failed (its work, the audit anchor, then lags the database).</summary>
    public int HookFailures { get; private set; }

    private sealed class Write<T>(Func<DbConnection, DbTransaction, T> write) : IWrite
    {
        private T? _result;

        // Continuations run elsewhere: the leader must not execute its followers' request handlers.
        public TaskCompletionSource<T> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public void Run(DbConnection connection, DbTransaction transaction) => _result = write(connection, transaction);

        public void Committed() => Completion.SetResult(_result!);

        public void Failed(Exception error) => Completion.TrySetException(error);
    }
}
