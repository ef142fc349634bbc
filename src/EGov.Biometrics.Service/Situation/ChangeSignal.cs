namespace EGov.Biometrics.Service.Situation;

/// <summary>
/// Coalesces change notices: the first notice arms a timer, and every notice until it fires is folded into
/// one <see cref="Changed"/> at most every <see cref="Window"/>, so 3,000 desks' heartbeats do not re-render
/// a page 600 times a second.
/// </summary>
internal sealed class ChangeSignal : IDisposable
{
    public static readonly TimeSpan Window = TimeSpan.FromMilliseconds(250);

    private readonly ITimer _timer;
    private int _armed;

    public ChangeSignal(TimeProvider clock) => _timer = clock.CreateTimer(_ => Fire(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);

    public event Action? Changed;

    public void Notify()
    {
        if (Interlocked.Exchange(ref _armed, 1) == 0)
        {
            _timer.Change(Window, Timeout.InfiniteTimeSpan);
        }
    }

    public void Dispose() => _timer.Dispose();

    private void Fire()
    {
        // Disarmed before the handlers run: a change they miss arms the next notice.
        Volatile.Write(ref _armed, 0);
        Changed?.Invoke();
    }
}
