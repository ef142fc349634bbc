namespace EGov.Biometrics.Edge.Tracking;

/// <summary>
/// Turns the tracker's started and ended tracks into visits (first seen to last seen), and counts the people
/// in view now. Its state is bounded by the live tracks plus the visits not yet collected. Not thread-safe:
/// the frame worker feeds and collects it.
/// </summary>
public sealed class VisitRecorder
{
    private readonly Dictionary<long, (DateTimeOffset First, DateTimeOffset Last)> _live = [];
    private readonly List<TrackVisit> _ended = [];

    /// <summary>People in view now: tracks started and not yet ended.</summary>
    public int Present => _live.Count;

    /// <summary>Takes one frame's tracking decisions made at <paramref name="time"/>.</summary>
    public void Observe(TrackingResult tracking, DateTimeOffset time)
    {
        ArgumentNullException.ThrowIfNull(tracking);
        foreach (var id in tracking.EndedTracks)
        {
            End(id);
        }

        foreach (var id in tracking.TrackIds)
        {
            _live[id] = _live.TryGetValue(id, out var seen) ? (seen.First, time) : (time, time);
        }
    }

    /// <summary>The stream ended: every live track becomes a visit.</summary>
    public void EndAll()
    {
        foreach (var id in _live.Keys.ToList())
        {
            End(id);
        }
    }

    /// <summary>The visits that ended since the last call.</summary>
    public IReadOnlyList<TrackVisit> Collect()
    {
        if (_ended.Count == 0)
        {
            return [];
        }

        var visits = _ended.ToArray();
        _ended.Clear();
        return visits;
    }

    private void End(long id)
    {
        if (_live.Remove(id, out var seen))
        {
            _ended.Add(new TrackVisit(id, seen.First, seen.Last));
        }
    }
}
