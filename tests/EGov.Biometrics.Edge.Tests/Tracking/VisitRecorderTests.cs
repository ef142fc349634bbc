using EGov.Biometrics.Edge.Tracking;

namespace EGov.Biometrics.Edge.Tests.Tracking;

/// <summary>Visits from the tracker's decisions: first seen to last seen, the people in view, and the end of the stream.</summary>
public sealed class VisitRecorderTests
{
    private static readonly DateTimeOffset T0 = FakeClock.Start;

    [Fact]
    public void A_track_that_ends_becomes_a_visit_from_first_to_last_seen()
    {
        var visits = new VisitRecorder();
        visits.Observe(new TrackingResult([1], [1], []), T0);
        visits.Observe(new TrackingResult([1, 2], [2], []), T0.AddSeconds(1));
        visits.Observe(new TrackingResult([1, 2], [], []), T0.AddSeconds(5));
        Assert.Equal(2, visits.Present);
        Assert.Empty(visits.Collect());

        // Track 1 is gone from the frame at 6 s and ends at 8 s: the visit ends when it was last seen.
        visits.Observe(new TrackingResult([2], [], []), T0.AddSeconds(6));
        visits.Observe(new TrackingResult([2], [], [1]), T0.AddSeconds(8));

        Assert.Equal([new TrackVisit(1, T0, T0.AddSeconds(5))], visits.Collect());
        Assert.Equal(1, visits.Present);
        Assert.Empty(visits.Collect());
    }

    [Fact]
    public void The_end_of_the_stream_ends_every_visit()
    {
        var visits = new VisitRecorder();
        visits.Observe(new TrackingResult([3, 4], [3, 4], []), T0);
        visits.Observe(new TrackingResult([4], [], []), T0.AddSeconds(2));

        visits.EndAll();

        Assert.Equal([new TrackVisit(3, T0, T0), new TrackVisit(4, T0, T0.AddSeconds(2))], visits.Collect().OrderBy(v => v.TrackId));
        Assert.Equal(0, visits.Present);
        Assert.Equal(TimeSpan.FromSeconds(2), new TrackVisit(4, T0, T0.AddSeconds(2)).Duration);
    }
}
