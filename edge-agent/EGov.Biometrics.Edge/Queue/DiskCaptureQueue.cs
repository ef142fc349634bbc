using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Security.Cryptography;

namespace EGov.Biometrics.Edge.Queue;

/// <summary>
/// Store-and-forward for captures while the matching service is out of reach: one AES-256-GCM sealed file
/// per capture (see <see cref="CaptureEnvelope"/>), written durably, named by an opaque sequence number
/// that keeps the order across restarts. A capture leaves the disk only when <see cref="Acknowledge"/> says
/// the server has it, or when it is dropped (full, expired, corrupt), which is counted by reason. Limits on
/// count, bytes and age bound the disk whatever the outage. Thread-safe: the capture worker enqueues while
/// the uploader peeks and acknowledges.
/// </summary>
public sealed class DiskCaptureQueue : IDisposable
{
    private const string Extension = ".cap";

    private readonly byte[] _key;
    private readonly QueueLimits _limits;
    private readonly TimeProvider _time;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly SortedDictionary<long, Entry> _entries = [];
    private readonly Dictionary<Guid, long> _sequenceByKey = [];
    private long _nextSequence;
    private int _depth;
    private long _bytes;
    private long _droppedFull;
    private long _droppedExpired;
    private long _droppedCorrupt;

    private DiskCaptureQueue(string directory, byte[] key, QueueLimits limits, TimeProvider time)
    {
        Directory = directory;
        _key = key;
        _limits = limits;
        _time = time;
    }

    public string Directory { get; }

    /// <summary>Captures waiting for acknowledgement (read without waiting for a write in progress, for health checks).</summary>
    public int Depth => Volatile.Read(ref _depth);

    /// <summary>Bytes on disk of the waiting captures.</summary>
    public long Bytes => Interlocked.Read(ref _bytes);

    public QueueDropCounts Dropped => new(Interlocked.Read(ref _droppedFull), Interlocked.Read(ref _droppedExpired), Interlocked.Read(ref _droppedCorrupt));

    /// <summary>
    /// Opens (or creates) the queue in <paramref name="directory"/>: what a previous process left there is
    /// pending again, in the same order; half-written files are removed, unreadable ones dropped as corrupt.
    /// </summary>
    /// <param name="key">The 32-byte AES-256 key (copied; zeroed on dispose).</param>
    /// <exception cref="CryptographicException">The directory holds a queue written with another key.</exception>
    public static DiskCaptureQueue Open(string directory, ReadOnlySpan<byte> key, QueueLimits? limits = null, TimeProvider? time = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        if (key.Length != CaptureEnvelope.KeyLength)
        {
            throw new ArgumentException($"The queue key must be {CaptureEnvelope.KeyLength} bytes (AES-256), got {key.Length}.", nameof(key));
        }

        var fullPath = Path.GetFullPath(directory);
        System.IO.Directory.CreateDirectory(fullPath);
        QueueKeyCheck.Verify(fullPath, key);
        var queue = new DiskCaptureQueue(fullPath, key.ToArray(), limits ?? QueueLimits.Default, time ?? TimeProvider.System);
        queue.Load();
        return queue;
    }

    /// <summary>Stores a capture durably, first making room by dropping the oldest if a limit would be exceeded.</summary>
    /// <returns>False if the capture is already queued (same idempotency key) or alone exceeds the byte limit (counted as full).</returns>
    public async Task<bool> EnqueueAsync(FaceCapture capture, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(capture);
        var queuedAt = _time.GetUtcNow();
        var sealedBytes = CaptureEnvelope.Seal(_key, new EnvelopeHeader(capture.IdempotencyKey, queuedAt), CaptureSerializer.Serialize(capture));

        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_sequenceByKey.ContainsKey(capture.IdempotencyKey))
            {
                return false;
            }

            if (sealedBytes.Length > _limits.MaxBytes)
            {
                Interlocked.Increment(ref _droppedFull);
                return false;
            }

            RemoveExpiredLocked();
            while (_entries.Count > 0 && (_entries.Count + 1 > _limits.MaxCount || _bytes + sealedBytes.Length > _limits.MaxBytes))
            {
                Remove(_entries.First().Value);
                Interlocked.Increment(ref _droppedFull);
            }

            var entry = new Entry(_nextSequence++, capture.IdempotencyKey, queuedAt, sealedBytes.Length);
            // The flushes block; keep them off the caller's thread.
            await Task.Run(() => DurableFile.Write(PathOf(entry.Sequence), sealedBytes), cancellationToken).ConfigureAwait(false);
            Add(entry);
            return true;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>
    /// Up to <paramref name="max"/> of the oldest waiting captures, oldest first; they stay queued until
    /// acknowledged. Expired ones are dropped first; corrupt ones are dropped and skipped.
    /// </summary>
    public IReadOnlyList<FaceCapture> PeekBatch(int max)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(max);
        _gate.Wait();
        try
        {
            RemoveExpiredLocked();
            var batch = new List<FaceCapture>(Math.Min(max, _entries.Count));
            foreach (var entry in _entries.Values.ToList())
            {
                if (batch.Count == max)
                {
                    break;
                }

                if (TryRead(entry) is { } capture)
                {
                    batch.Add(capture);
                }
            }

            return batch;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>The oldest waiting capture, if any (it stays queued).</summary>
    public bool TryPeek([NotNullWhen(true)] out FaceCapture? capture)
    {
        capture = PeekBatch(1) is [var first] ? first : null;
        return capture is not null;
    }

    /// <summary>The server has the capture: its file is deleted.</summary>
    /// <returns>False if no capture with that key is waiting (already acknowledged, or dropped).</returns>
    public bool Acknowledge(Guid idempotencyKey)
    {
        _gate.Wait();
        try
        {
            if (!_sequenceByKey.TryGetValue(idempotencyKey, out var sequence))
            {
                return false;
            }

            Remove(_entries[sequence]);
            return true;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Drops the captures older than <see cref="QueueLimits.MaxAge"/>; returns how many.</summary>
    public int RemoveExpired()
    {
        _gate.Wait();
        try
        {
            return RemoveExpiredLocked();
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose()
    {
        CryptographicOperations.ZeroMemory(_key);
        _gate.Dispose();
    }

    private void Load()
    {
        foreach (var temporary in System.IO.Directory.EnumerateFiles(Directory, "*" + Extension + DurableFile.TemporaryExtension))
        {
            // Half-written by a process that died before the rename: never acknowledged as stored.
            File.Delete(temporary);
        }

        foreach (var path in System.IO.Directory.EnumerateFiles(Directory, "*" + Extension))
        {
            if (TryReadEntry(path) is { } entry && !_sequenceByKey.ContainsKey(entry.IdempotencyKey))
            {
                Add(entry);
                _nextSequence = Math.Max(_nextSequence, entry.Sequence + 1);
            }
            else
            {
                DeleteFile(path);
                Interlocked.Increment(ref _droppedCorrupt);
            }
        }

        RemoveExpiredLocked();
        while (_entries.Count > 0 && (_entries.Count > _limits.MaxCount || _bytes > _limits.MaxBytes))
        {
            Remove(_entries.First().Value);
            Interlocked.Increment(ref _droppedFull);
        }
    }

    private static Entry? TryReadEntry(string path)
    {
        if (!long.TryParse(Path.GetFileNameWithoutExtension(path), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var sequence) || sequence < 0)
        {
            return null;
        }

        try
        {
            using var stream = File.OpenRead(path);
            var header = new byte[CaptureEnvelope.HeaderLength];
            stream.ReadExactly(header);
            var (key, queuedAt) = CaptureEnvelope.ReadHeader(header);
            return new Entry(sequence, key, queuedAt, stream.Length);
        }
        catch (Exception e) when (e is IOException or InvalidDataException)
        {
            return null;
        }
    }

    private FaceCapture? TryRead(Entry entry)
    {
        try
        {
            var capture = CaptureSerializer.Deserialize(CaptureEnvelope.Open(_key, File.ReadAllBytes(PathOf(entry.Sequence))));
            if (capture.IdempotencyKey == entry.IdempotencyKey)
            {
                return capture;
            }
        }
        catch (Exception e) when (e is IOException or InvalidDataException)
        {
            // Falls through: dropped as corrupt below.
        }

        Remove(entry);
        Interlocked.Increment(ref _droppedCorrupt);
        return null;
    }

    private int RemoveExpiredLocked()
    {
        // A capture queued before the clock was set (an edge box without a battery-backed clock boots in
        // 1970 until NTP answers) has no known age: only the count and byte limits can drop it.
        var cutoff = _time.GetUtcNow() - _limits.MaxAge;
        var expired = _entries.Values.Where(e => e.QueuedAt < cutoff && e.QueuedAt >= ClockSetSince).ToList();
        foreach (var entry in expired)
        {
            Remove(entry);
            Interlocked.Increment(ref _droppedExpired);
        }

        return expired.Count;
    }

    private void Add(Entry entry)
    {
        _entries.Add(entry.Sequence, entry);
        _sequenceByKey.Add(entry.IdempotencyKey, entry.Sequence);
        Interlocked.Add(ref _bytes, entry.Bytes);
        Volatile.Write(ref _depth, _entries.Count);
    }

    private void Remove(Entry entry)
    {
        DeleteFile(PathOf(entry.Sequence));
        _entries.Remove(entry.Sequence);
        _sequenceByKey.Remove(entry.IdempotencyKey);
        Interlocked.Add(ref _bytes, -entry.Bytes);
        Volatile.Write(ref _depth, _entries.Count);
    }

    private static void DeleteFile(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
            // Still there: the next open meets it again and judges it then.
        }
    }

    // The name says only where the capture stands in the queue, nothing of what it holds.
    private string PathOf(long sequence) => Path.Combine(Directory, sequence.ToString("x16", CultureInfo.InvariantCulture) + Extension);

    /// <summary>Times before this come from a clock that was not set yet.</summary>
    private static readonly DateTimeOffset ClockSetSince = new(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private sealed record Entry(long Sequence, Guid IdempotencyKey, DateTimeOffset QueuedAt, long Bytes);
}
