using EGov.Biometrics.Edge.Sources;
using Microsoft.Extensions.Time.Testing;

namespace EGov.Biometrics.Edge.Tests.Sources;

public sealed class ImageFolderSourceTests : IDisposable
{
    private static readonly TimeSpan Tenth = TimeSpan.FromMilliseconds(100);

    private readonly TempDirectory _folder = new();
    private readonly FakeTimeProvider _clock = FakeClock.Create();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task Images_play_in_ordinal_name_order_at_the_set_rate_and_end_once()
    {
        // Ordinal order puts upper case first: B.png, a.jpg, c.bmp; the text file is no image.
        SolidImages.Write(_folder.File("c.bmp"), 30);
        SolidImages.Write(_folder.File("a.jpg"), 200);
        SolidImages.Write(_folder.File("B.png"), 100);
        File.WriteAllText(_folder.File("notes.txt"), "not a frame");

        var frames = await ReadAll(new ImageFolderSource(_folder.Path, frameRate: 10, loop: false, _clock), max: 10);

        Assert.Equal([100, 200, 30], frames.Select(f => f.Blue).ToArray());
        Assert.Equal([0L, 1, 2], frames.Select(f => f.Index).ToArray());
        Assert.Equal([FakeClock.Start, FakeClock.Start + Tenth, FakeClock.Start + (2 * Tenth)], frames.Select(f => f.At).ToArray());
    }

    [Fact]
    public async Task A_looping_folder_starts_again_and_keeps_counting()
    {
        SolidImages.Write(_folder.File("1.png"), 10);
        SolidImages.Write(_folder.File("2.png"), 20);

        var frames = await ReadAll(new ImageFolderSource(_folder.Path, frameRate: 10, loop: true, _clock), max: 5);

        Assert.Equal([10, 20, 10, 20, 10], frames.Select(f => f.Blue).ToArray());
        Assert.Equal([0L, 1, 2, 3, 4], frames.Select(f => f.Index).ToArray());
        Assert.Equal(FakeClock.Start + (4 * Tenth), frames[^1].At);
    }

    [Fact]
    public async Task A_frame_is_not_released_before_its_time()
    {
        SolidImages.Write(_folder.File("1.png"), 10);
        SolidImages.Write(_folder.File("2.png"), 20);
        await using var frames = new ImageFolderSource(_folder.Path, frameRate: 5, loop: false, _clock).GetAsyncEnumerator();

        Assert.True(await frames.MoveNextAsync());
        frames.Current.Dispose();
        var second = frames.MoveNextAsync().AsTask();
        await Task.Delay(50);
        Assert.False(second.IsCompleted);

        _clock.Advance(TimeSpan.FromMilliseconds(199));
        await Task.Delay(50);
        Assert.False(second.IsCompleted);

        Assert.True(await _clock.AdvanceUntil(second, TimeSpan.FromMilliseconds(1)));
        Assert.Equal(FakeClock.Start + TimeSpan.FromMilliseconds(200), frames.Current.CapturedAt);
        frames.Current.Dispose();
    }

    [Fact]
    public async Task Invalid_images_are_skipped_and_counted()
    {
        SolidImages.Write(_folder.File("1.png"), 10);
        File.WriteAllBytes(_folder.File("2.jpg"), [0xFF, 0xD8, 0xFF, 0x00, 0x01]);
        SolidImages.Write(_folder.File("3.png"), 30);
        var source = new ImageFolderSource(_folder.Path, frameRate: 10, loop: false, _clock);

        var frames = await ReadAll(source, max: 10);

        Assert.Equal([10, 30], frames.Select(f => f.Blue).ToArray());
        Assert.Equal(1, source.SkippedFiles);
    }

    [Fact]
    public async Task A_folder_without_images_or_without_existence_is_an_error()
    {
        File.WriteAllText(_folder.File("notes.txt"), "no images here");

        var empty = await Assert.ThrowsAsync<FrameSourceException>(() => ReadAll(new ImageFolderSource(_folder.Path, 10, loop: true, _clock), 1));
        var missing = await Assert.ThrowsAsync<FrameSourceException>(() => ReadAll(new ImageFolderSource(_folder.File("gone"), 10, false, _clock), 1));

        Assert.Contains("no readable", empty.Message, StringComparison.Ordinal);
        Assert.Contains("gone", missing.Message, StringComparison.Ordinal);
    }

    private async Task<List<(int Blue, long Index, DateTimeOffset At)>> ReadAll(IFrameSource source, int max)
    {
        var frames = new List<(int, long, DateTimeOffset)>();
        await using var enumerator = source.GetAsyncEnumerator();
        while (frames.Count < max && await _clock.MoveNext(enumerator, TimeSpan.FromMilliseconds(10)))
        {
            using var frame = enumerator.Current;
            frames.Add((SolidImages.BlueOf(frame), frame.Index, frame.CapturedAt));
        }

        return frames;
    }
}
