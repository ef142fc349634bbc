using System.Collections.Concurrent;

namespace EGov.Biometrics.Edge.Agent;

/// <summary>
/// Operators' requests for the desk's next capture (VerifyNext from the server): the capture worker tags
/// the next capture it makes with the oldest open request, and the uplink sends that capture ahead of the
/// queue (it is also on disk, so a lost connection loses nothing; the server records it once either way).
/// </summary>
public sealed class CaptureRequests
{
    private readonly ConcurrentQueue<string> _open = new();
    private readonly ConcurrentDictionary<Guid, (Capture Capture, string RequestId)> _answers = new();

    public bool AnyOpen => !_open.IsEmpty;

    public void Open(string requestId) => _open.Enqueue(requestId);

    /// <summary>Tags <paramref name="capture"/> with the oldest open request, if any.</summary>
    public bool TryAnswer(Capture capture)
    {
        if (!_open.TryDequeue(out var requestId))
        {
            return false;
        }

        _answers[capture.IdempotencyKey] = (capture, requestId);
        return true;
    }

    /// <summary>Answers not yet sent on the current connection.</summary>
    public IReadOnlyList<(Capture Capture, string RequestId)> Answers => [.. _answers.Values];

    public string? RequestFor(Guid key) => _answers.TryGetValue(key, out var answer) ? answer.RequestId : null;

    /// <summary>The server acknowledged the capture: its request is answered.</summary>
    public void Answered(Guid key) => _answers.TryRemove(key, out _);
}
