using System.Collections.Concurrent;
using System.Threading.Channels;
using EGov.Biometrics.Contracts.V1;

namespace EGov.Biometrics.Server.Desks;

/// <summary>A capture that answers an operator's request, and where its decision id goes once recorded.</summary>
internal sealed record RequestedCapture(Capture Capture, TaskCompletionSource<long> Recorded);

/// <summary>
/// One connected edge agent: what it last reported, the messages waiting to go to it (a gRPC stream takes
/// one writer at a time, so everything goes through one bounded channel), and the operators waiting for
/// its next capture.
/// </summary>
internal sealed class DeskSession(string desk, string agentVersion, string modelId)
{
    private readonly ConcurrentDictionary<string, TaskCompletionSource<RequestedCapture>> _requests = new(StringComparer.Ordinal);

    public string Desk { get; } = desk;

    public string SessionId { get; } = Guid.CreateVersion7().ToString("N");

    public string AgentVersion { get; } = agentVersion;

    public string ModelId { get; } = modelId;

    public Channel<ServerMessage> Outbox { get; } = Channel.CreateBounded<ServerMessage>(new BoundedChannelOptions(256) { SingleReader = true });

    public Heartbeat Status { get; set; } = new() { CameraState = "unknown" };

    public DateTimeOffset LastSeen { get; set; } = DateTimeOffset.UtcNow;

    /// <summary>Asks the agent for its next capture; completes when it arrives, fails on timeout or disconnect.</summary>
    public async Task<RequestedCapture> RequestCaptureAsync(TimeSpan timeout, CancellationToken cancel)
    {
        var id = Guid.CreateVersion7().ToString("N");
        var pending = new TaskCompletionSource<RequestedCapture>(TaskCreationOptions.RunContinuationsAsynchronously);
        _requests[id] = pending;
        try
        {
            await Outbox.Writer.WriteAsync(new ServerMessage { VerifyNext = new VerifyNext { RequestId = id, TimeoutMs = (int)timeout.TotalMilliseconds } }, cancel);
            return await pending.Task.WaitAsync(timeout, cancel);
        }
        catch (TimeoutException e)
        {
            throw new TimeoutException($"Desk {Desk} sent no capture within {timeout.TotalSeconds:F0} s: is anyone in front of the camera?", e);
        }
        finally
        {
            _requests.TryRemove(id, out _);
        }
    }

    /// <summary>Hands a capture to the operator who asked for it; false when nobody is waiting for that id.</summary>
    public bool TryAnswer(string requestId, RequestedCapture capture) =>
        _requests.TryRemove(requestId, out var pending) && pending.TrySetResult(capture);

    public void Close()
    {
        Outbox.Writer.TryComplete();
        foreach (var pending in _requests.Values)
        {
            pending.TrySetException(new DeskUnavailableException($"Desk {Desk} disconnected before sending a capture."));
        }
    }
}
