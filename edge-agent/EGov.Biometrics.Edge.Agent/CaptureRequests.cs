using System.Collections.Concurrent;

namespace EGov.Biometrics.Edge.Agent;

/// <summary>
/// Operators' requests for the desk's next capture (VerifyNext from the server). The capture worker tags
/// the next capture taken after a request arrived, before it goes on the disk queue, and the uplink sends
/// that capture ahead of the queue. A request the operator has stopped waiting for is dropped, so it
/// cannot claim the next citizen's capture.
/// </summary>
public sealed class CaptureRequests(TimeProvider time)
{
    private readonly ConcurrentQueue<(string Id, DateTimeOffset Opened, DateTimeOffset Expires)> _open = new();
    private readonly ConcurrentDictionary<Guid, (FaceCapture Capture, string RequestId)> _answers = new();

    public bool AnyOpen => !_open.IsEmpty;

    public void Open(string requestId, TimeSpan timeout)
    {
        var now = time.GetUtcNow();
        _open.Enqueue((requestId, now, now + (timeout > TimeSpan.Zero ? timeout : TimeSpan.FromSeconds(20))));
    }

    /// <summary>Tags <paramref name="capture"/> with the oldest request still waiting that it can answer.</summary>
    public bool TryAnswer(FaceCapture capture)
    {
        var now = time.GetUtcNow();
        while (_open.TryPeek(out var request))
        {
            if (request.Expires <= now)
            {
                _open.TryDequeue(out _);
                continue;
            }

            // A face seen before the request (the previous citizen's best shot) does not answer it.
            if (capture.CapturedAt < request.Opened || !_open.TryDequeue(out request))
            {
                return false;
            }

            _answers[capture.IdempotencyKey] = (capture, request.Id);
            return true;
        }

        return false;
    }

    /// <summary>Answers not yet acknowledged by the server.</summary>
    public IReadOnlyList<(FaceCapture Capture, string RequestId)> Answers => [.. _answers.Values];

    public string? RequestFor(Guid key) => _answers.TryGetValue(key, out var answer) ? answer.RequestId : null;

    /// <summary>The server acknowledged the capture: its request is answered.</summary>
    public void Answered(Guid key) => _answers.TryRemove(key, out _);
}
