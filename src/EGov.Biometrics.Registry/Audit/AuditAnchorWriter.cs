using EGov.Biometrics.Registry.Storage;

namespace EGov.Biometrics.Registry.Audit;

/// <summary>
/// Writes the audit anchor to each of its files, each time replacing the file durably (write aside, fsync,
/// rename, fsync the folder: see <see cref="DurableFile"/>), so a crash never leaves an empty or torn anchor.
/// After a commit the newest head is handed to a thread of its own, which writes only the newest one it has:
/// callers do not wait on those fsyncs, and the anchor may lag the database by a write after a power cut
/// (a stale anchor still vouches for the prefix it names), never lead it.
/// </summary>
public sealed class AuditAnchorWriter : IDisposable
{
    private readonly IReadOnlyList<string> _paths;
    private readonly object _gate = new();
    private readonly SemaphoreSlim _signal = new(0);
    private readonly Task _loop;
    private AuditAnchor? _pending;
    private long _submitted;
    private long _written;
    private volatile bool _closing;

    public AuditAnchorWriter(IReadOnlyList<string> paths)
    {
        _paths = paths;
        _loop = Task.Factory.StartNew(Loop, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
    }

    /// <summary>Why the newest background write failed (null once one succeeds): the anchor lags the log meanwhile.</summary>
    public string? LastFailure { get; private set; }

    /// <summary>Writes <paramref name="anchor"/> to every file now, on this thread.</summary>
    public void WriteNow(AuditAnchor anchor)
    {
        var bytes = anchor.ToFileBytes();
        foreach (var path in _paths)
        {
            DurableFile.Replace(path, bytes);
        }
    }

    /// <summary>Queues <paramref name="anchor"/>; an older one still queued is dropped.</summary>
    public void Write(AuditAnchor anchor)
    {
        lock (_gate)
        {
            _pending = anchor;
            _submitted++;
        }

        _signal.Release();
    }

    /// <summary>Returns once every anchor queued so far is on disk (or its write failed).</summary>
    public void Flush()
    {
        lock (_gate)
        {
            var target = _submitted;
            while (_written < target && !_loop.IsCompleted)
            {
                Monitor.Wait(_gate, TimeSpan.FromMilliseconds(100));
            }
        }
    }

    /// <summary>Writes what is queued, then stops.</summary>
    public void Dispose()
    {
        if (_closing)
        {
            return;
        }

        _closing = true;
        _signal.Release();
        _loop.Wait();
        _signal.Dispose();
    }

    private void Loop()
    {
        while (true)
        {
            _signal.Wait();
            AuditAnchor? next;
            long upTo;
            lock (_gate)
            {
                next = _pending;
                _pending = null;
                upTo = _submitted;
            }

            if (next is not null)
            {
                try
                {
                    WriteNow(next);
                    LastFailure = null;
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    LastFailure = e.Message;
                }
            }

            lock (_gate)
            {
                _written = upTo;
                Monitor.PulseAll(_gate);
                if (_closing && _pending is null)
                {
                    return;
                }
            }
        }
    }
}
