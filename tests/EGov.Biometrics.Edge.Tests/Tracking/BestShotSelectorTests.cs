using System.Numerics;
using EGov.Biometrics.Edge.Tracking;
using EGov.Biometrics.Vision.Imaging;
using EGov.Biometrics.Vision.Quality;

namespace EGov.Biometrics.Edge.Tests.Tracking;

public sealed class BestShotSelectorTests
{
    private static readonly TimeSpan FrameTime = TimeSpan.FromMilliseconds(100);

    [Fact]
    public void Thirty_frames_of_one_person_yield_one_capture_per_window_holding_its_best_face()
    {
        var selector = new BestShotSelector(new BestShotOptions { Window = TimeSpan.FromSeconds(2) });
        var random = new Random(3);
        var qualities = Enumerable.Range(0, 30).Select(_ => 0.5f + (0.5f * (float)random.NextDouble())).ToArray();

        var emittedAt = new List<(int Frame, FaceCapture Capture)>();
        for (var i = 0; i < qualities.Length; i++)
        {
            var frame = i;
            selector.Offer(7, At(i), Passing(qualities[i]), () => Capture(7, frame, qualities[frame]));
            emittedAt.AddRange(selector.Collect(At(i)).Select(c => (i, c)));
        }

        selector.EndTrack(7);
        emittedAt.AddRange(selector.Collect(At(30)).Select(c => (30, c)));

        // Window one is frames 0–19 (0 s to 2 s), closed by frame 20; window two, frames 20–29, closed by the track's end.
        Assert.Equal([20, 30], emittedAt.Select(e => e.Frame));
        Assert.Equal(ArgMax(qualities, 0, 20), emittedAt[0].Capture.FrameIndex);
        Assert.Equal(ArgMax(qualities, 20, 30), emittedAt[1].Capture.FrameIndex);
        Assert.Equal(qualities[ArgMax(qualities, 0, 20)], emittedAt[0].Capture.Quality);
        Assert.Equal(0, selector.OpenWindows);
    }

    [Fact]
    public void A_face_that_fails_a_gate_or_the_minimum_is_never_sent_however_high_its_score()
    {
        var selector = new BestShotSelector(new BestShotOptions { MinQuality = 0.6f });

        selector.Offer(1, At(0), Failing(0.99f, "sharpness"), () => Capture(1, 0));
        selector.Offer(1, At(1), Passing(0.55f), () => Capture(1, 1));
        selector.Offer(1, At(2), Passing(0.7f), () => Capture(1, 2));
        selector.Offer(2, At(0), Failing(0.95f, "yaw"), () => Capture(2, 0));
        selector.EndTrack(1);
        selector.EndTrack(2);

        var capture = Assert.Single(selector.Collect(At(3)));
        Assert.Equal((1L, 2L), (capture.TrackId, capture.FrameIndex));
    }

    [Fact]
    public void Two_people_get_their_own_windows_and_captures()
    {
        var selector = new BestShotSelector(new BestShotOptions { Window = TimeSpan.FromSeconds(1) });
        var captures = new List<FaceCapture>();
        for (var i = 0; i < 10; i++)
        {
            var frame = i;
            selector.Offer(1, At(i), Passing(i == 3 ? 0.9f : 0.6f), () => Capture(1, frame));
            selector.Offer(2, At(i), Passing(i == 6 ? 0.9f : 0.6f), () => Capture(2, frame));
            captures.AddRange(selector.Collect(At(i)));
        }

        captures.AddRange(selector.Collect(At(10)));

        Assert.Equal([(1L, 3L), (2L, 6L)], captures.Select(c => (c.TrackId, c.FrameIndex)).Order());
    }

    [Fact]
    public void An_ended_track_sends_its_pending_best_once_and_a_capture_is_built_only_when_it_is_the_best_so_far()
    {
        var selector = new BestShotSelector();
        var built = 0;
        float[] qualities = [0.6f, 0.8f, 0.7f, 0.8f, 0.9f, 0.5f];
        for (var i = 0; i < qualities.Length; i++)
        {
            var frame = i;
            selector.Offer(4, At(i), Passing(qualities[i]), () => { built++; return Capture(4, frame); });
        }

        Assert.Empty(selector.Collect(At(6)));
        selector.EndTrack(4);
        selector.EndTrack(4);
        var sent = selector.Collect(At(6));

        Assert.Equal(4L, Assert.Single(sent).FrameIndex);
        Assert.Equal(3, built);
        Assert.Empty(selector.Collect(At(60)));
    }

    [Fact]
    public void Windows_close_by_time_even_for_a_track_that_was_never_ended()
    {
        var selector = new BestShotSelector(new BestShotOptions { Window = TimeSpan.FromSeconds(2) });
        selector.Offer(9, At(0), Passing(0.8f), () => Capture(9, 0));
        selector.Offer(10, At(0), Failing(0.8f, "eyes_open"), () => Capture(10, 0));

        Assert.Empty(selector.Collect(At(19)));
        Assert.Equal(2, selector.OpenWindows);
        var sent = selector.Collect(At(20));

        Assert.Equal(9L, Assert.Single(sent).TrackId);
        Assert.Equal(0, selector.OpenWindows);
    }

    private static DateTimeOffset At(int frame) => FakeClock.Start + (frame * FrameTime);

    private static int ArgMax(float[] values, int from, int to) => Enumerable.Range(from, to - from).MaxBy(i => values[i]);

    private static QualityReport Passing(float overall) => Report(overall, []);

    private static QualityReport Failing(float overall, string gate) => Report(overall, [new QualityFailure(gate, "below the limit")]);

    private static QualityReport Report(float overall, QualityFailure[] failures) =>
        new(overall, 120, 60, 200, 128, 50, new HeadPose(0, 0, 0), new EyeState(1, 1), failures);

    private static FaceCapture Capture(long track, long frame, float quality = 0) =>
        new(Guid.CreateVersion7(), track, frame, At((int)frame), [1, 2, 3], new FaceBox(0, 0, 10, 10), 0.9f,
            new Vector2[5], new Vector2[68], quality, null);
}
