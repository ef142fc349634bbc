using EGov.Biometrics.Edge.Tracking;

namespace EGov.Biometrics.Edge.Agent;

/// <summary>
/// Visits the frame worker saw end, waiting for the uplink, and the people in view now. In memory and bounded
/// (the oldest give way): a visit is a statistic, not a capture, so an outage may lose some.
/// </summary>
public sealed class VisitReports
{
    public const int Capacity = 1024;

    private readonly Queue<TrackVisit> _pending = new();
    private int _present;
    private int _unsent;

    /// <summary>People in the camera's view at the last frame.</summary>
    public int Present => Volatile.Read(ref _present);

    /// <summary>Visits taken and not yet written to the server (what <c>--once</c> waits for).</summary>
    public int Unsent => Volatile.Read(ref _unsent);

    public void Take(IReadOnlyList<TrackVisit> ended, int present)
    {
        Volatile.Write(ref _present, present);
        lock (_pending)
        {
            foreach (var visit in ended)
            {
                if (_pending.Count == Capacity)
                {
                    _pending.Dequeue();
                    Interlocked.Decrement(ref _unsent);
                }

                _pending.Enqueue(visit);
                Interlocked.Increment(ref _unsent);
            }
        }
    }

    /// <summary>The uplink wrote <paramref name="count"/> drained visits to the server.</summary>
    public void Sent(int count) => Interlocked.Add(ref _unsent, -count);

    /// <summary>Every visit not yet sent, oldest first (call <see cref="Sent"/> once written).</summary>
    public IReadOnlyList<TrackVisit> Drain()
    {
        lock (_pending)
        {
            var visits = _pending.ToArray();
            _pending.Clear();
            return visits;
        }
    }
}
