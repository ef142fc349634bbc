using System.Collections.Concurrent;
using EGov.Biometrics.Edge.Sources;
using Microsoft.Extensions.Time.Testing;

namespace EGov.Biometrics.Edge.Tests.Sources;

public sealed class ResilientFrameSourceTests
{
    private static readonly TimeSpan Step = TimeSpan.FromMilliseconds(10);

    private readonly FakeTimeProvider _clock = FakeClock.Create();
    private readonly ConcurrentQueue<CameraState> _states = new();

    [Fact]
    public async Task A_folder_deleted_and_recreated_mid_run_is_reopened_and_frames_continue()
    {
        using var temp = new TempDirectory();
        var folder = temp.File("desk");
        WriteImages(folder, 10, 20, 30);
        var source = ResilientFrameSource.For(
            FrameSourceSpec.Parse(folder),
            new FrameSourceOptions { FolderFrameRate = 10, Loop = true, Time = _clock },
            new ReconnectPolicy { InitialDelay = TimeSpan.FromMilliseconds(100), MaxDelay = TimeSpan.FromMilliseconds(400), Jitter = 0 });
        source.StateChanged += _states.Enqueue;
        await using var frames = source.GetAsyncEnumerator();

        var before = await Blues(frames, 4);
        Assert.Equal(CameraStatus.Streaming, source.State.Status);

        Directory.Delete(folder, recursive: true);
        var next = frames.MoveNextAsync().AsTask();
        await AdvanceUntil(() => source.State is { Status: CameraStatus.Reconnecting, FailedAttempts: 3 });
        Assert.IsType<FrameSourceException>(source.State.LastError);
        WriteImages(folder, 70, 80);

        Assert.True(await _clock.AdvanceUntil(next, Step));
        var firstAfter = (SolidImages.BlueOf(frames.Current), frames.Current.Index);
        frames.Current.Dispose();
        var after = await Blues(frames, 1);

        Assert.Equal([10, 20, 30, 10], before);
        Assert.Equal((70, 4L), firstAfter);
        Assert.Equal([80], after);
        Assert.Equal(
            [CameraStatus.Opening, CameraStatus.Streaming,
             CameraStatus.Reconnecting, CameraStatus.Opening, CameraStatus.Reconnecting, CameraStatus.Opening, CameraStatus.Reconnecting,
             CameraStatus.Opening, CameraStatus.Streaming],
            _states.Select(s => s.Status));
        Assert.Equal(
            [100, 200, 400],
            _states.Where(s => s.Status == CameraStatus.Reconnecting).Select(s => s.RetryIn.TotalMilliseconds));
        Assert.Equal([1, 2, 3], _states.Where(s => s.Status == CameraStatus.Reconnecting).Select(s => s.FailedAttempts));

        await frames.DisposeAsync();
        Assert.Equal(CameraStatus.Ended, source.State.Status);
    }

    [Fact]
    public async Task A_finite_source_that_ends_normally_ends_without_reopening()
    {
        var opened = 0;
        var source = new ResilientFrameSource(() => { opened++; return new ScriptedFrameSource(3); }, "scripted", time: _clock);
        source.StateChanged += _states.Enqueue;

        var indices = new List<long>();
        await foreach (var frame in source)
        {
            indices.Add(frame.Index);
            frame.Dispose();
        }

        Assert.Equal([0L, 1, 2], indices);
        Assert.Equal(1, opened);
        Assert.Equal([CameraStatus.Opening, CameraStatus.Streaming, CameraStatus.Ended], _states.Select(s => s.Status));
    }

    [Fact]
    public async Task Failed_opens_back_off_exponentially_up_to_the_cap_and_never_retry_early()
    {
        var opened = new ConcurrentQueue<DateTimeOffset>();
        var source = new ResilientFrameSource(
            () =>
            {
                opened.Enqueue(_clock.GetUtcNow());
                return opened.Count <= 4 ? throw new FrameSourceException("camera unplugged") : new ScriptedFrameSource(1);
            },
            "camera",
            new ReconnectPolicy { InitialDelay = TimeSpan.FromMilliseconds(100), MaxDelay = TimeSpan.FromMilliseconds(300), Jitter = 0 },
            _clock);
        await using var frames = source.GetAsyncEnumerator();
        var first = frames.MoveNextAsync().AsTask();

        var waits = new List<TimeSpan>();
        for (var failures = 1; failures <= 4; failures++)
        {
            await WaitUntil(() => source.State is { Status: CameraStatus.Reconnecting } state && state.FailedAttempts == failures);
            var retryIn = source.State.RetryIn;
            waits.Add(retryIn);
            Assert.Equal("camera unplugged", source.State.LastError?.Message);

            _clock.Advance(retryIn - TimeSpan.FromMilliseconds(1));
            await Task.Delay(20);
            Assert.Equal(failures, opened.Count);
            _clock.Advance(TimeSpan.FromMilliseconds(1));
        }

        Assert.True(await first);
        frames.Current.Dispose();
        Assert.Equal([100, 200, 300, 300], waits.Select(w => w.TotalMilliseconds));
        Assert.Equal([0, 100, 300, 600, 900], opened.Select(t => (t - FakeClock.Start).TotalMilliseconds));
        Assert.Equal(CameraStatus.Streaming, source.State.Status);
    }

    [Fact]
    public async Task A_stream_that_breaks_after_streaming_starts_its_backoff_again_from_the_first_delay()
    {
        var opened = 0;
        var source = new ResilientFrameSource(
            () => ++opened <= 2 ? new ScriptedFrameSource(2, new FrameSourceException("stream dropped")) : new ScriptedFrameSource(1),
            "stream",
            new ReconnectPolicy { InitialDelay = TimeSpan.FromMilliseconds(100), Jitter = 0 },
            _clock);
        source.StateChanged += _states.Enqueue;

        var indices = new List<long>();
        await using (var frames = source.GetAsyncEnumerator())
        {
            while (await _clock.MoveNext(frames, Step))
            {
                indices.Add(frames.Current.Index);
                frames.Current.Dispose();
            }
        }

        Assert.Equal([0L, 1, 2, 3, 4], indices);
        Assert.Equal(3, opened);
        var reconnects = _states.Where(s => s.Status == CameraStatus.Reconnecting).ToList();
        Assert.Equal([1, 1], reconnects.Select(s => s.FailedAttempts));
        Assert.All(reconnects, s => Assert.Equal("stream dropped", s.LastError?.Message));
        Assert.Equal(CameraStatus.Ended, _states.Last().Status);
    }

    [Fact]
    public async Task Cancelling_while_reconnecting_stops_the_source()
    {
        var source = new ResilientFrameSource(() => throw new FrameSourceException("no camera"), "camera", time: _clock);
        using var cancel = new CancellationTokenSource();
        await using var frames = source.GetAsyncEnumerator(cancel.Token);
        var next = frames.MoveNextAsync().AsTask();

        await WaitUntil(() => source.State.Status == CameraStatus.Reconnecting);
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => next);
        Assert.Equal(CameraStatus.Ended, source.State.Status);
    }

    [Fact]
    public void Backoff_grows_by_the_multiplier_is_capped_and_jitter_stays_within_its_fraction()
    {
        var exact = new ReconnectPolicy { InitialDelay = TimeSpan.FromSeconds(1), MaxDelay = TimeSpan.FromSeconds(10), Multiplier = 3, Jitter = 0 };
        Assert.Equal([1, 3, 9, 10, 10], Enumerable.Range(1, 5).Select(n => exact.DelayAfter(n, new Random(1)).TotalSeconds));
        Assert.Equal(TimeSpan.FromSeconds(10), exact.DelayAfter(int.MaxValue, new Random(1)));

        var jittered = exact with { Jitter = 0.25 };
        var random = new Random(42);
        var delays = Enumerable.Range(0, 1000).Select(_ => jittered.DelayAfter(2, random).TotalSeconds).ToList();
        Assert.All(delays, d => Assert.InRange(d, 2.25, 3.75));
        Assert.True(delays.Max() - delays.Min() > 1.2, "jitter should spread the delays");
        Assert.All(Enumerable.Range(0, 200).Select(_ => jittered.DelayAfter(9, random)), d => Assert.True(d <= TimeSpan.FromSeconds(10)));
    }

    private static void WriteImages(string folder, params int[] blues)
    {
        Directory.CreateDirectory(folder);
        for (var i = 0; i < blues.Length; i++)
        {
            SolidImages.Write(Path.Combine(folder, $"{i}.png"), blues[i]);
        }
    }

    private static async Task WaitUntil(Func<bool> condition)
    {
        for (var i = 0; !condition(); i++)
        {
            Assert.True(i < 10_000, "the condition never held");
            await Task.Delay(1);
        }
    }

    private async Task<int[]> Blues(IAsyncEnumerator<Frame> frames, int count)
    {
        var blues = new int[count];
        for (var i = 0; i < count; i++)
        {
            Assert.True(await _clock.MoveNext(frames, Step));
            using var frame = frames.Current;
            blues[i] = SolidImages.BlueOf(frame);
        }

        return blues;
    }

    private async Task AdvanceUntil(Func<bool> condition)
    {
        for (var i = 0; !condition(); i++)
        {
            Assert.True(i < 10_000, "the condition never held");
            await Task.Delay(1);
            _clock.Advance(Step);
        }
    }
}
