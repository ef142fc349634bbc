using System.Collections.Concurrent;
using System.Threading.Channels;

namespace EGov.Biometrics.Service.Desks;

/// <summary>
/// One connected edge agent: what it last reported, the capture requests waiting to go to it, and the
/// operators waiting for its next capture.
/// </summary>
public sealed class DeskSession(string desk, string agentVersion, string modelId)
{
    private readonly ConcurrentDictionary<string, TaskCompletionSource<RequestedCapture>> _requests = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _closed = new();

    public string Desk { get; } = desk;

    public string SessionId { get; } = Guid.CreateVersion7().ToString("N");

    public string AgentVersion { get; } = agentVersion;

    public string ModelId { get; } = modelId;

    /// <summary>The credential the agent opened the session with (its revocation ends the session).</summary>
    public string CredentialId { get; init; } = string.Empty;

    /// <summary>The session was ended because its credential was revoked (not replaced, not left).</summary>
    public bool Revoked { get; private set; }

    /// <summary>The service centre the agent named (empty: none).</summary>
    public string Centre { get; init; } = string.Empty;

    /// <summary>What the agent watches: <see cref="DeskModes.Desk"/> or <see cref="DeskModes.Hall"/>.</summary>
    public string Mode { get; init; } = DeskModes.Desk;

    /// <summary>Since when the camera has been in its current state (the Situation Center's camera-down alert).</summary>
    public DateTimeOffset CameraSince { get; set; }

    /// <summary>Requests for the agent, in order; the transport sends them on the agent's stream.</summary>
    public Channel<CaptureRequest> Requests { get; } = Channel.CreateBounded<CaptureRequest>(new BoundedChannelOptions(256) { SingleReader = true });

    public DeskHeartbeat Status { get; set; } = DeskHeartbeat.Unknown;

    public DateTimeOffset LastSeen { get; set; } = DateTimeOffset.UtcNow;

    /// <summary>When the desk's state was last written to the registry.</summary>
    internal DateTimeOffset LastSaved { get; set; }

    /// <summary>Cancelled once the session is closed (its agent left, or a newer connection for the desk replaced it).</summary>
    public CancellationToken Closed => _closed.Token;

    /// <summary>Asks the agent for its next capture; completes when it arrives, fails on timeout or disconnect.</summary>
    public async Task<RequestedCapture> RequestCaptureAsync(TimeSpan timeout, CancellationToken cancel)
    {
        var id = Guid.CreateVersion7().ToString("N");
        var pending = new TaskCompletionSource<RequestedCapture>(TaskCreationOptions.RunContinuationsAsynchronously);
        _requests[id] = pending;
        try
        {
            await Requests.Writer.WriteAsync(new CaptureRequest(id, timeout), cancel).ConfigureAwait(false);
            return await pending.Task.WaitAsync(timeout, cancel).ConfigureAwait(false);
        }
        catch (TimeoutException e)
        {
            throw new TimeoutException($"Desk {Desk} sent no capture within {timeout.TotalSeconds:F0} s: is anyone in front of the camera?", e);
        }
        catch (ChannelClosedException e)
        {
            throw new DeskUnavailableException($"Desk {Desk} disconnected before sending a capture.", e);
        }
        finally
        {
            _requests.TryRemove(id, out _);
        }
    }

    /// <summary>Hands a capture to the operator who asked for it; false when nobody is waiting for that id.</summary>
    public bool TryAnswer(string requestId, RequestedCapture capture) =>
        _requests.TryRemove(requestId, out var pending) && pending.TrySetResult(capture);

    /// <summary>Marks the session as ended by revocation; <see cref="DeskHub.EndSessionsOf"/> closes it.</summary>
    internal void Revoke() => Revoked = true;

    public void Close()
    {
        Requests.Writer.TryComplete();
        _closed.Cancel();
        foreach (var pending in _requests.Values)
        {
            pending.TrySetException(new DeskUnavailableException($"Desk {Desk} disconnected before sending a capture."));
        }
    }
}
