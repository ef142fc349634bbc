using System.Numerics;
using EGov.Biometrics.Edge.Tracking;
using EGov.Biometrics.Vision.Imaging;
using EGov.Biometrics.Vision.Quality;

namespace EGov.Biometrics.Edge.Tests.Tracking;

/// <summary>
/// The edge keeps, besides the evenly spaced liveness frames, the window's frames the server's active check needs: the
/// most closed eyes and the head turned furthest left and right, from the quality it computes per frame anyway.
/// </summary>
public sealed class ActiveEvidenceTests
{
    private static readonly TimeSpan FrameTime = TimeSpan.FromMilliseconds(100);

    [Fact]
    public void A_window_sends_its_blink_and_its_furthest_turns_besides_the_evenly_spaced_frames()
    {
        var selector = new BestShotSelector(new BestShotOptions { Window = TimeSpan.FromSeconds(2), LivenessFrames = 3 });
        var encoded = new List<int>();
        for (var i = 0; i < 20; i++)
        {
            // Looks left (frame 4, -25 degrees), then right (frame 11, +20), and blinks at frame 16.
            var yaw = i switch { 4 => -25f, 11 => 20f, _ => (i % 3) - 1f };
            var eyes = i == 16 ? new EyeState(0.05f, 0.1f) : new EyeState(0.9f, 0.95f);
            var frame = i;
            selector.Offer(7, At(i), Quality(yaw, eyes), () => Capture(7, frame), () =>
            {
                encoded.Add(frame);
                return [(byte)frame];
            });
        }

        var capture = Assert.Single(selector.Collect(At(20)));
        var sent = capture.LivenessFrames.Select(f => (int)f[0]).ToList();

        Assert.Equal([0, 7, 14], sent.Take(3)); // the passive check's evenly spaced frames come first, as before
        Assert.Equal([16, 4, 11], sent.Skip(3)); // then the blink, the furthest left and the furthest right
        Assert.Equal(encoded.Distinct(), encoded); // no frame is encoded twice
        Assert.True(encoded.Count < 20, $"encoded {encoded.Count} of 20 frames");
    }

    [Fact]
    public void A_still_face_adds_no_frame_twice_and_at_most_three()
    {
        var selector = new BestShotSelector(new BestShotOptions { Window = TimeSpan.FromSeconds(2), LivenessFrames = 3 });
        for (var i = 0; i < 20; i++)
        {
            var frame = i;
            selector.Offer(7, At(i), Quality(0, new EyeState(0.9f, 0.9f)), () => Capture(7, frame), () => [(byte)frame]);
        }

        var frames = Assert.Single(selector.Collect(At(20))).LivenessFrames;

        Assert.Equal([0, 7, 14], frames.Select(f => (int)f[0])); // frame 0 is already the most closed and most turned of a still face
    }

    private static DateTimeOffset At(int frame) => FakeClock.Start + (frame * FrameTime);

    private static QualityReport Quality(float yaw, EyeState eyes) =>
        new(0.8f, 120, 60, 200, 128, 50, new HeadPose(yaw, 0, 0), eyes, []);

    private static FaceCapture Capture(long track, long frame) =>
        new(Guid.CreateVersion7(), track, frame, At((int)frame), [1, 2, 3], new FaceBox(0, 0, 10, 10), 0.9f, new Vector2[5], new Vector2[68], 0.8f, null);
}
