namespace EGov.Biometrics.Service.Galleries;

/// <summary>The single node's write lock: one writer in this process at a time (reads never wait).</summary>
public sealed class ProcessWriteLock : IWriteLock
{
    private readonly SemaphoreSlim _writes = new(1, 1);

    public async Task<IAsyncDisposable> AcquireAsync(CancellationToken cancel = default)
    {
        await _writes.WaitAsync(cancel).ConfigureAwait(false);
        return new Held(_writes);
    }

    private sealed class Held(SemaphoreSlim writes) : IAsyncDisposable
    {
        private int _released;

        public ValueTask DisposeAsync()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                writes.Release();
            }

            return ValueTask.CompletedTask;
        }
    }
}
