using EGov.Biometrics.Edge.Sources;
using EGov.Biometrics.Edge.TestSupport;
using EGov.Biometrics.Edge.Tracking;

namespace EGov.Biometrics.Edge.Tests;

/// <summary>The frame processor in track-only (hall) mode on real faces: people counted and their visits timed, no capture made.</summary>
[Collection(EdgeVisionCollection.Name)]
public sealed class HallModeTests(EdgeVisionFixture vision)
{
    private static readonly TimeSpan FrameTime = TimeSpan.FromMilliseconds(100);

    [Fact]
    public void Track_only_counts_people_and_times_visits_without_any_capture()
    {
        var processor = new FrameProcessor(vision.Pipeline, new FaceTracker(), new BestShotSelector(), new FrameProcessorOptions { TrackOnly = true, Liveness = true });
        var captures = new List<FaceCapture>();
        var present = new List<int>();
        for (var i = 0; i < 12; i++)
        {
            using var frame = new Frame(DeskScene.Frame(1.0, 0, (vision.Person(5, 3), -130, 0), (vision.Person(6, 1), 130, 0)), FakeClock.Start + (i * FrameTime), i);
            captures.AddRange(processor.Process(frame));
            present.Add(processor.Visits.Present);
        }

        var end = FakeClock.Start + (12 * FrameTime);
        captures.AddRange(processor.Flush(end));
        var visits = processor.Visits.Collect();

        Assert.Empty(captures);
        Assert.Equal(0, processor.Selector.OpenWindows);
        Assert.All(present, p => Assert.Equal(2, p));
        Assert.Equal(2, visits.Count);
        Assert.All(visits, v => Assert.Equal((FakeClock.Start, FakeClock.Start + (11 * FrameTime)), (v.StartedAt, v.EndedAt)));
    }

    [Fact]
    public void Desk_mode_still_captures_and_times_the_visit()
    {
        var processor = new FrameProcessor(vision.Pipeline, new FaceTracker(), new BestShotSelector(new BestShotOptions { Window = TimeSpan.FromSeconds(10) }));
        var captures = new List<FaceCapture>();
        for (var i = 0; i < 6; i++)
        {
            using var frame = new Frame(DeskScene.Frame(1.0, 0, (vision.Person(6, 0), 0, 0)), FakeClock.Start + (i * FrameTime), i);
            captures.AddRange(processor.Process(frame));
        }

        captures.AddRange(processor.Flush(FakeClock.Start + (6 * FrameTime)));

        var visit = Assert.Single(processor.Visits.Collect());
        Assert.Equal(visit.TrackId, Assert.Single(captures).TrackId);
        Assert.Equal(FakeClock.Start + (5 * FrameTime), visit.EndedAt);
    }
}
