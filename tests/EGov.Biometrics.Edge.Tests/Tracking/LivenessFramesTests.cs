using System.Numerics;
using EGov.Biometrics.Edge.Queue;
using EGov.Biometrics.Edge.Tests.Queue;
using EGov.Biometrics.Edge.Tracking;
using EGov.Biometrics.Vision.Imaging;
using EGov.Biometrics.Vision.Quality;

namespace EGov.Biometrics.Edge.Tests.Tracking;

/// <summary>
/// Issue 12, finding 2, on the edge: each capture carries context crops of its own track spread over the best-shot
/// window (the server scores liveness from them), and they survive the disk queue; captures queued by an older agent
/// (format 1, without frames) still read.
/// </summary>
public sealed class LivenessFramesTests
{
    private static readonly TimeSpan FrameTime = TimeSpan.FromMilliseconds(100);

    [Fact]
    public void A_window_keeps_three_frames_of_its_track_spread_over_it_whatever_their_quality()
    {
        // The active check's evidence frames are ActiveEvidenceTests' subject: here only the evenly spaced ones.
        var selector = new BestShotSelector(new BestShotOptions { Window = TimeSpan.FromSeconds(2), LivenessFrames = 3, ActiveEvidence = false });
        var taken = new List<int>();
        for (var i = 0; i < 20; i++)
        {
            var frame = i;
            var quality = i % 2 == 0 ? Passing(0.5f + (i * 0.01f)) : Failing();
            selector.Offer(7, At(i), quality, () => Capture(7, frame), () =>
            {
                taken.Add(frame);
                return [(byte)frame];
            });
            selector.Offer(8, At(i), Passing(0.9f), () => Capture(8, frame), () => [200]); // another person: their own frames
        }

        var captures = selector.Collect(At(20));

        Assert.Equal([0, 7, 14], taken); // 0 s, then the first frames at or after 2/3 s and 4/3 s
        var seven = Assert.Single(captures, c => c.TrackId == 7);
        Assert.Equal([[0], [7], [14]], seven.LivenessFrames);
        Assert.All(Assert.Single(captures, c => c.TrackId == 8).LivenessFrames, f => Assert.Equal([200], f));
    }

    [Fact]
    public void Liveness_frames_survive_the_disk_queue_and_a_capture_queued_by_an_older_agent_still_reads()
    {
        var capture = TestCaptures.Make(5) with { LivenessFrames = [[1, 2, 3], new byte[5_000], [9]] };

        var read = CaptureSerializer.Deserialize(CaptureSerializer.Serialize(capture));
        var old = CaptureSerializer.Deserialize(VersionOne(TestCaptures.Make(6)));

        TestCaptures.AssertSame(capture, read);
        Assert.Equal(capture.LivenessFrames, read.LivenessFrames);
        TestCaptures.AssertSame(TestCaptures.Make(6), old);
        Assert.Empty(old.LivenessFrames);
    }

    // The format before liveness frames: version 1 and no frame count before the image.
    private static byte[] VersionOne(FaceCapture capture)
    {
        var current = CaptureSerializer.Serialize(capture);
        var countAt = current.Length - capture.AlignedPng.Length - sizeof(int) - sizeof(ushort);
        byte[] old = [.. current.AsSpan(0, countAt), .. current.AsSpan(countAt + sizeof(ushort))];
        old[0] = 1;
        return old;
    }

    private static DateTimeOffset At(int frame) => FakeClock.Start + (frame * FrameTime);

    private static QualityReport Passing(float overall) =>
        new(overall, 120, 60, 200, 128, 50, new HeadPose(0, 0, 0), new EyeState(1, 1), []);

    private static QualityReport Failing() =>
        new(0.99f, 120, 60, 200, 128, 50, new HeadPose(0, 0, 0), new EyeState(0, 0), [new QualityFailure("eyes_open", "eyes are closed")]);

    private static FaceCapture Capture(long track, long frame) =>
        new(Guid.CreateVersion7(), track, frame, At((int)frame), [1, 2, 3], new FaceBox(0, 0, 10, 10), 0.9f, new Vector2[5], new Vector2[68], 0.8f, null);
}
