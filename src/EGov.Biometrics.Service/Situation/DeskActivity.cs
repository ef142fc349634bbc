using System.Collections.Concurrent;

namespace EGov.Biometrics.Service.Situation;

/// <summary>
/// What each desk did today (local day of <see cref="TimeProvider"/>, rolled at midnight), fed by the desk
/// flow: visits the camera saw, captures accepted and refused, operators' verifications with their
/// request-to-decision time, hall reports. Memory per desk is fixed (histograms, not lists). Also the
/// Situation Center's change signal: <see cref="Changed"/> fires at most every 250 ms after any of these or
/// a desk's heartbeat, connection or disconnection (<see cref="Touch"/>).
/// </summary>
public sealed class DeskActivity(TimeProvider clock) : IDisposable
{
    /// <summary>Durations past this are not a visit or a wait (a track stuck on a poster): not counted.</summary>
    public static readonly TimeSpan LongestCounted = TimeSpan.FromHours(12);

    private readonly ConcurrentDictionary<string, DeskDay> _desks = new(StringComparer.Ordinal);
    private readonly ChangeSignal _signal = new(clock);

    public event Action? Changed
    {
        add => _signal.Changed += value;
        remove => _signal.Changed -= value;
    }

    /// <summary>A desk's state changed (heartbeat, connection): tell watchers, nothing to count.</summary>
    public void Touch() => _signal.Notify();

    /// <summary>A person left the desk camera's view after <paramref name="startedAt"/>..<paramref name="endedAt"/>.</summary>
    public void VisitEnded(string desk, DateTimeOffset startedAt, DateTimeOffset endedAt)
    {
        var seconds = (endedAt - startedAt).TotalSeconds;
        Update(desk, day => day.Visit(seconds), Counted(seconds));
    }

    public void CaptureAccepted(string desk) => Update(desk, day =>
    {
        day.CapturesAccepted++;
        day.LastCapture = clock.GetUtcNow();
    });

    public void CaptureRejected(string desk) => Update(desk, day => day.CapturesRejected++);

    /// <summary>An operator's verification at the desk reached its decision <paramref name="requestToDecision"/> after the request.</summary>
    public void Verified(string desk, bool match, bool livenessFailed, TimeSpan requestToDecision)
    {
        var hour = clock.GetLocalNow().Hour;
        Update(desk, day => day.Verified(hour, match, livenessFailed, requestToDecision.TotalSeconds));
    }

    /// <summary>A hall's report: how many wait now, and how long each person who left since the last report had been there.</summary>
    public void HallReported(string desk, int waiting, IReadOnlyList<double> dwellSeconds) => Update(desk, day =>
    {
        day.Waiting = waiting;
        foreach (var seconds in dwellSeconds.Where(Counted))
        {
            day.Waited(seconds);
        }
    });

    /// <summary>The desk's figures for today (nothing counted yet: <see cref="DeskActivityFigures.None"/>).</summary>
    public DeskActivityFigures Of(string desk)
    {
        if (!_desks.TryGetValue(desk, out var day))
        {
            return DeskActivityFigures.None;
        }

        lock (day)
        {
            day.RollTo(Today());
            return day.Figures();
        }
    }

    public void Dispose() => _signal.Dispose();

    private static bool Counted(double seconds) => seconds >= 0 && seconds <= LongestCounted.TotalSeconds;

    private void Update(string desk, Action<DeskDay> change, bool counted = true)
    {
        if (!counted)
        {
            return;
        }

        var today = Today();
        var day = _desks.GetOrAdd(desk, _ => new DeskDay(today));
        lock (day)
        {
            day.RollTo(today);
            change(day);
        }

        _signal.Notify();
    }

    private DateOnly Today() => DateOnly.FromDateTime(clock.GetLocalNow().DateTime);
}
