using EGov.Biometrics.Edge.Sources;
using OpenCvSharp;

namespace EGov.Biometrics.Edge.Tests.Sources;

public sealed class VideoCaptureSourceTests : IDisposable
{
    private const double Fps = 10;
    private static readonly int[] Blues = [20, 60, 100, 140, 180, 220];

    private readonly TempDirectory _folder = new();
    private readonly string _video;

    public VideoCaptureSourceTests()
    {
        // Motion-JPEG in AVI: OpenCV writes and reads it with no codec beyond its own.
        _video = _folder.File("desk.avi");
        using var writer = new VideoWriter(_video, FourCC.MJPG, Fps, new Size(64, 48));
        Assert.True(writer.IsOpened(), "OpenCV cannot write Motion-JPEG AVI here.");
        foreach (var blue in Blues)
        {
            using var image = new Mat(48, 64, MatType.CV_8UC3, new Scalar(blue, 40, 40));
            writer.Write(image);
        }
    }

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task A_video_file_is_read_whole_as_fast_as_possible_with_times_from_its_frame_rate()
    {
        // The fake clock never moves: a source that waited for it would never finish.
        var clock = FakeClock.Create();
        var source = FrameSourceSpec.Parse(_video).CreateSource(new FrameSourceOptions { Time = clock });

        var frames = new List<(int Blue, long Index, DateTimeOffset At)>();
        await foreach (var frame in source)
        {
            using (frame)
            {
                frames.Add((SolidImages.BlueOf(frame), frame.Index, frame.CapturedAt));
            }
        }

        Assert.Equal(Blues, frames.Select(f => f.Blue).ToArray());
        Assert.Equal(Enumerable.Range(0, Blues.Length).Select(i => (long)i), frames.Select(f => f.Index));
        Assert.Equal(
            Enumerable.Range(0, Blues.Length).Select(i => FakeClock.Start + TimeSpan.FromSeconds(i / Fps)),
            frames.Select(f => f.At));
    }

    [Fact]
    public async Task In_real_time_a_video_file_is_paced_by_its_own_frame_rate()
    {
        var clock = FakeClock.Create();
        var source = FrameSourceSpec.Parse(_video).CreateSource(new FrameSourceOptions { Time = clock, Realtime = true });
        await using var frames = source.GetAsyncEnumerator();

        Assert.True(await frames.MoveNextAsync());
        frames.Current.Dispose();
        var second = frames.MoveNextAsync().AsTask();
        await Task.Delay(100);
        Assert.False(second.IsCompleted);

        Assert.True(await clock.AdvanceUntil(second, TimeSpan.FromMilliseconds(5)));
        Assert.Equal(FakeClock.Start + TimeSpan.FromMilliseconds(100), frames.Current.CapturedAt);
        Assert.InRange(clock.GetUtcNow() - FakeClock.Start, TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(200));
        frames.Current.Dispose();
    }

    [Fact]
    public async Task A_camera_that_is_not_there_fails_to_open_with_its_name()
    {
        var source = FrameSourceSpec.Parse("/dev/video63").CreateSource();

        var error = await Assert.ThrowsAsync<FrameSourceException>(async () =>
        {
            await foreach (var frame in source)
            {
                frame.Dispose();
            }
        });

        Assert.Contains("/dev/video63", error.Message, StringComparison.Ordinal);
    }
}
