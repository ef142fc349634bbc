namespace EGov.Biometrics.Edge.Agent;

/// <summary>Wakes the uplink when there is something to send (a capture, an ack that frees the window, the end).</summary>
public sealed class UplinkSignal
{
    private readonly SemaphoreSlim _signal = new(0, 1);

    public void Set()
    {
        try
        {
            _signal.Release();
        }
        catch (SemaphoreFullException)
        {
            // Already signalled: one wake-up serves every reason.
        }
    }

    public Task<bool> WaitAsync(TimeSpan timeout, CancellationToken cancellationToken) => _signal.WaitAsync(timeout, cancellationToken);
}
