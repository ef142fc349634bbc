using System.Security.Cryptography;
using System.Text.RegularExpressions;
using EGov.Biometrics.Edge.Queue;
using Microsoft.Extensions.Time.Testing;

namespace EGov.Biometrics.Edge.Tests.Queue;

public sealed partial class DiskCaptureQueueTests : IDisposable
{
    private readonly TempDirectory _folder = new();
    private readonly byte[] _key = RandomNumberGenerator.GetBytes(32);
    private readonly FakeTimeProvider _clock = FakeClock.Create();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task Captures_come_out_oldest_first_and_leave_only_when_acknowledged()
    {
        using var queue = Open();
        var captures = await EnqueueAll(queue, 5);

        Assert.Equal(Keys(captures.Take(3)), Keys(queue.PeekBatch(3)));
        Assert.Equal(Keys(captures.Take(3)), Keys(queue.PeekBatch(3)));
        Assert.True(queue.TryPeek(out var first));
        TestCaptures.AssertSame(captures[0], first);

        Assert.True(queue.Acknowledge(captures[0].IdempotencyKey));
        Assert.True(queue.Acknowledge(captures[2].IdempotencyKey));
        Assert.False(queue.Acknowledge(captures[2].IdempotencyKey));
        Assert.False(queue.Acknowledge(Guid.NewGuid()));

        Assert.Equal(3, queue.Depth);
        Assert.Equal(Keys(captures[1], captures[3], captures[4]), Keys(queue.PeekBatch(10)));
        Assert.Equal(3, CaptureFiles().Length);
        Assert.Equal(CaptureFiles().Sum(f => new FileInfo(f).Length), queue.Bytes);
        Assert.Equal(default, queue.Dropped);
    }

    [Fact]
    public async Task A_reopened_queue_holds_the_same_pending_captures_in_the_same_order()
    {
        List<FaceCapture> captures;
        var later = TestCaptures.Make(10);
        using (var queue = Open())
        {
            captures = await EnqueueAll(queue, 4);
            queue.Acknowledge(captures[1].IdempotencyKey);
        }

        using (var reopened = Open())
        {
            Assert.Equal(3, reopened.Depth);
            var pending = reopened.PeekBatch(10);
            Assert.Equal(Keys(captures[0], captures[2], captures[3]), Keys(pending));
            TestCaptures.AssertSame(captures[3], pending[2]);

            // New captures go after the old ones, also across another restart.
            await reopened.EnqueueAsync(later);
            Assert.Equal(later.IdempotencyKey, reopened.PeekBatch(10)[^1].IdempotencyKey);
            reopened.Acknowledge(captures[0].IdempotencyKey);
        }

        using var third = Open();
        Assert.Equal(Keys(captures[2], captures[3], later), Keys(third.PeekBatch(10)));
        Assert.Equal(default, third.Dropped);
    }

    [Fact]
    public async Task Over_the_count_limit_the_oldest_are_dropped_and_counted()
    {
        using var queue = Open(new QueueLimits { MaxCount = 3 });

        var captures = await EnqueueAll(queue, 5);

        Assert.Equal(3, queue.Depth);
        Assert.Equal(Keys(captures.Skip(2)), Keys(queue.PeekBatch(10)));
        Assert.Equal(new QueueDropCounts(2, 0, 0), queue.Dropped);
        Assert.Equal(3, CaptureFiles().Length);
    }

    [Fact]
    public async Task Over_the_byte_limit_the_oldest_are_dropped_and_a_capture_larger_than_the_limit_is_refused()
    {
        long fileSize;
        using (var probe = Open())
        {
            await probe.EnqueueAsync(TestCaptures.Make(99));
            fileSize = probe.Bytes;
            probe.Acknowledge(TestCaptures.Make(99).IdempotencyKey);
        }

        using var queue = Open(new QueueLimits { MaxBytes = (fileSize * 5) / 2 });
        var captures = await EnqueueAll(queue, 4);

        Assert.Equal(Keys(captures.Skip(2)), Keys(queue.PeekBatch(10)));
        Assert.True(queue.Bytes <= fileSize * 5 / 2);
        Assert.Equal(new QueueDropCounts(2, 0, 0), queue.Dropped);

        Assert.False(await queue.EnqueueAsync(TestCaptures.Make(50, imageBytes: (int)fileSize * 3)));
        Assert.Equal(new QueueDropCounts(3, 0, 0), queue.Dropped);
        Assert.Equal(2, queue.Depth);
    }

    [Fact]
    public async Task Captures_older_than_the_age_limit_expire_also_across_a_restart()
    {
        var limits = new QueueLimits { MaxAge = TimeSpan.FromHours(1) };
        var (old, fresh) = (TestCaptures.Make(1), TestCaptures.Make(2));
        using (var queue = Open(limits))
        {
            await queue.EnqueueAsync(old);
            _clock.Advance(TimeSpan.FromMinutes(40));
            await queue.EnqueueAsync(fresh);
            _clock.Advance(TimeSpan.FromMinutes(30));

            Assert.Equal(Keys(fresh), Keys(queue.PeekBatch(10)));
            Assert.Equal(new QueueDropCounts(0, 1, 0), queue.Dropped);
        }

        _clock.Advance(TimeSpan.FromMinutes(40));
        using var reopened = Open(limits);
        Assert.Equal(0, reopened.Depth);
        Assert.Equal(new QueueDropCounts(0, 1, 0), reopened.Dropped);
        Assert.Empty(CaptureFiles());
    }

    [Fact]
    public async Task A_capture_queued_before_the_clock_was_set_does_not_expire_when_it_jumps()
    {
        // A box without a battery-backed clock boots in 1970 and queues; then NTP sets the clock to today.
        var unset = new FakeTimeProvider(new DateTimeOffset(1970, 1, 1, 0, 1, 0, TimeSpan.Zero));
        var limits = new QueueLimits { MaxAge = TimeSpan.FromHours(1) };
        var capture = TestCaptures.Make(7);
        using (var queue = DiskCaptureQueue.Open(_folder.Path, _key, limits, unset))
        {
            await queue.EnqueueAsync(capture);
            unset.SetUtcNow(FakeClock.Start);
            Assert.Equal(0, queue.RemoveExpired());
            Assert.Equal(Keys(capture), Keys(queue.PeekBatch(10)));
        }

        using var reopened = Open(limits);
        Assert.Equal(1, reopened.Depth);
        Assert.Equal(new QueueDropCounts(0, 0, 0), reopened.Dropped);
    }

    [Fact]
    public async Task Tampered_truncated_or_foreign_files_are_dropped_as_corrupt_and_the_rest_still_flows()
    {
        using (var queue = Open())
        {
            var captures = await EnqueueAll(queue, 4);
            var files = CaptureFiles();
            FlipByte(files[0], ^10);                    // ciphertext
            FlipByte(files[1], 20);                     // the idempotency key in the header (associated data)
            File.WriteAllBytes(files[2], File.ReadAllBytes(files[2])[..70]);
            File.WriteAllText(_folder.File("00000000000000ff.cap"), "not a capture");

            var pending = queue.PeekBatch(10);

            Assert.Equal(Keys(captures[3]), Keys(pending));
            Assert.Equal(new QueueDropCounts(0, 0, 3), queue.Dropped);
            Assert.Equal(1, queue.Depth);
        }

        // The stray file is met at the next open.
        using var reopened = Open();
        Assert.Equal(new QueueDropCounts(0, 0, 1), reopened.Dropped);
        Assert.Single(CaptureFiles());
    }

    [Fact]
    public async Task A_queue_opened_with_the_wrong_key_is_refused_and_nothing_is_lost()
    {
        using (var queue = Open())
        {
            await EnqueueAll(queue, 2);
        }

        var error = Assert.Throws<CryptographicException>(() => DiskCaptureQueue.Open(_folder.Path, RandomNumberGenerator.GetBytes(32)));
        Assert.Contains("another key", error.Message, StringComparison.Ordinal);
        Assert.Equal(2, CaptureFiles().Length);

        using (var reopened = Open())
        {
            Assert.Equal(2, reopened.PeekBatch(10).Count);
        }

        Assert.Throws<ArgumentException>(() => DiskCaptureQueue.Open(_folder.Path, new byte[16]));

        // Without the key check, each file still refuses the other key: dropped as corrupt, never misread.
        File.Delete(_folder.File("queue.keycheck"));
        using var foreign = DiskCaptureQueue.Open(_folder.Path, RandomNumberGenerator.GetBytes(32), time: _clock);
        Assert.Empty(foreign.PeekBatch(10));
        Assert.Equal(new QueueDropCounts(0, 0, 2), foreign.Dropped);
    }

    [Fact]
    public async Task File_names_reveal_nothing_and_the_image_is_not_on_disk_in_the_clear()
    {
        using var queue = Open();
        var capture = TestCaptures.Make(7);
        await queue.EnqueueAsync(capture);

        var file = Assert.Single(CaptureFiles());
        Assert.Matches(OpaqueName(), Path.GetFileName(file));
        var bytes = File.ReadAllBytes(file);
        Assert.Equal(-1, bytes.AsSpan().IndexOf(capture.AlignedPng.AsSpan(100, 32)));
        Assert.Equal(-1, bytes.AsSpan().IndexOf(BitConverter.GetBytes(capture.TrackId)));
    }

    [Fact]
    public async Task The_same_capture_is_queued_once_and_a_half_written_file_is_cleared_on_open()
    {
        using (var queue = Open())
        {
            var capture = TestCaptures.Make(1);
            Assert.True(await queue.EnqueueAsync(capture));
            Assert.False(await queue.EnqueueAsync(capture));
            Assert.Equal(1, queue.Depth);
        }

        File.WriteAllBytes(_folder.File("0000000000000009.cap.tmp"), [1, 2, 3]);
        using var reopened = Open();

        Assert.Equal(1, reopened.Depth);
        Assert.Equal(default, reopened.Dropped);
        Assert.False(File.Exists(_folder.File("0000000000000009.cap.tmp")));
    }

    [Fact]
    public async Task A_producer_and_an_uploader_working_at_once_deliver_every_capture_exactly_once()
    {
        using var queue = Open();
        const int count = 60;
        var producer = Task.Run(async () =>
        {
            for (var i = 0; i < count; i++)
            {
                await queue.EnqueueAsync(TestCaptures.Make(i, imageBytes: 300));
            }
        });

        var delivered = new List<Guid>();
        while (delivered.Count < count)
        {
            Assert.False(producer.IsFaulted);
            foreach (var capture in queue.PeekBatch(7))
            {
                Assert.True(queue.Acknowledge(capture.IdempotencyKey));
                delivered.Add(capture.IdempotencyKey);
            }

            await Task.Yield();
        }

        await producer;
        Assert.Equal(Enumerable.Range(0, count).Select(i => TestCaptures.Make(i).IdempotencyKey), delivered);
        Assert.Equal(0, queue.Depth);
        Assert.Empty(CaptureFiles());
    }

    private DiskCaptureQueue Open(QueueLimits? limits = null) => DiskCaptureQueue.Open(_folder.Path, _key, limits, _clock);

    private static async Task<List<FaceCapture>> EnqueueAll(DiskCaptureQueue queue, int count)
    {
        var captures = Enumerable.Range(0, count).Select(i => TestCaptures.Make(i)).ToList();
        foreach (var capture in captures)
        {
            Assert.True(await queue.EnqueueAsync(capture));
        }

        return captures;
    }

    private string[] CaptureFiles()
    {
        var files = Directory.GetFiles(_folder.Path, "*.cap");
        Array.Sort(files, StringComparer.Ordinal);
        return files;
    }

    private static void FlipByte(string path, Index at)
    {
        var bytes = File.ReadAllBytes(path);
        bytes[at] ^= 0x5A;
        File.WriteAllBytes(path, bytes);
    }

    private static Guid[] Keys(IEnumerable<FaceCapture> captures) => captures.Select(c => c.IdempotencyKey).ToArray();

    private static Guid[] Keys(params FaceCapture[] captures) => Keys(captures.AsEnumerable());

    [GeneratedRegex("^[0-9a-f]{16}\\.cap$")]
    private static partial Regex OpaqueName();
}
