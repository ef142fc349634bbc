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

    /// <summary>People in the camera's view at the last frame.</summary>
    public int Present => Volatile.Read(ref _present);

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
                }

                _pending.Enqueue(visit);
            }
        }
    }

    /// <summary>Every visit not yet sent, oldest first.</summary>
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
