using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Threading.Channels;
using EGov.Biometrics.Contracts.V1;
using EGov.Biometrics.Registry.Subjects;
using Google.Protobuf;
using Grpc.Core;

namespace EGov.Biometrics.Cli.Commands.Import;

/// <summary>
/// One run of an import: the rows the journal does not account for yet are checked (PINFL, photo count, a PINFL on two
/// rows, readable files), read and cut into batches (at most <c>batchSize</c> rows and 12 MiB of photos), and
/// <c>workers</c> batches are in flight at once, each worker on its own connection (the server caps large requests per
/// connection). Each row goes under an idempotency key made of its PINFL and its photos' SHA-256, so a row sent again
/// after a crash gets its first enrolment back. A row counts as done only once its outcome is in the journal (on disk).
/// Transient failures (unavailable, overloaded, timed out) are retried with backoff; after the last try the batch's rows
/// stay left for the next run. A failure of the request itself (credentials, role) stops the run: it is thrown. The
/// duplicate checks run at <c>fmr</c> (0: the model's default operating point).
/// </summary>
internal sealed class ImportRun(int workers, int batchSize, double fmr, Func<Contracts.V1.Enrollment.EnrollmentClient> connect, Metadata headers, ImportJournal journal, TextWriter log)
{
    public const int MaxPhotos = 10;

    private const long BatchBytes = 12L * 1024 * 1024;

    // What one row's photos may weigh: a request is at most 16 MiB on the server.
    private const long RowBytes = 15L * 1024 * 1024;

    private static readonly TimeSpan[] Backoff = [.. new[] { 0.5, 1, 2, 4, 8, 16 }.Select(TimeSpan.FromSeconds)];

    private readonly ConcurrentDictionary<int, JournalEntry> _entries = new();
    private readonly ConcurrentDictionary<string, (int Row, string Pinfl)> _byKey = new(StringComparer.Ordinal);
    private RpcException? _fatal;

    private int _before;

    /// <summary>Takes the journal's entries that still stand for their rows (same line, PINFL and paths); returns how many rows they account for.</summary>
    public int Resume(IReadOnlyList<ManifestRow> rows)
    {
        var bySignature = rows.ToDictionary(r => r.Row, r => r.Signature);
        foreach (var entry in journal.Entries.Values.Where(e => bySignature.GetValueOrDefault(e.Row) == e.Signature))
        {
            Remember(entry);
        }

        return _before = _entries.Count;
    }

    /// <summary>Sends every row not accounted for yet (<see cref="Resume"/> first); <paramref name="advance"/> hears of each row done.</summary>
    public async Task<ImportSummary> RunAsync(IReadOnlyList<ManifestRow> rows, Action<int> advance, CancellationToken cancel)
    {
        var clock = Stopwatch.StartNew();
        var before = _before;
        var enrolledBefore = _entries.Values.Count(e => e.IsEnrolled);
        var firstRowOf = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var row in rows)
        {
            firstRowOf.TryAdd(row.Pinfl, row.Row);
        }

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        var batches = Channel.CreateBounded<List<PreparedRow>>(workers);
        var producer = Task.Run(() => ProduceAsync([.. rows.Where(r => !_entries.ContainsKey(r.Row))], firstRowOf, batches.Writer, advance, stop.Token), CancellationToken.None);
        var sending = Enumerable.Range(0, workers).Select(_ => Task.Run(() => WorkAsync(batches.Reader, advance, stop), CancellationToken.None)).ToList();
        await Task.WhenAll([producer, .. sending]).ConfigureAwait(false);
        if (_fatal is not null)
        {
            throw _fatal;
        }

        var refused = _entries.Values.Where(e => !e.IsEnrolled).ToList();
        return new ImportSummary(
            rows.Count, _entries.Values.Count(e => e.IsEnrolled), enrolledBefore, refused.Count,
            refused.GroupBy(e => e.Reason).OrderBy(g => g.Key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count()),
            rows.Count - _entries.Count, _entries.Count - before, clock.Elapsed);
    }

    /// <summary>Every row accounted for so far (this run's and the earlier runs' the journal holds).</summary>
    public IEnumerable<JournalEntry> Entries => _entries.Values;

    private async Task ProduceAsync(List<ManifestRow> pending, Dictionary<string, int> firstRowOf, ChannelWriter<List<PreparedRow>> batches, Action<int> advance, CancellationToken stop)
    {
        try
        {
            var batch = new List<PreparedRow>();
            long bytes = 0;
            foreach (var row in pending)
            {
                stop.ThrowIfCancellationRequested();
                var (ready, refusal) = Check(row, firstRowOf) is { } early ? (null, early) : Read(row);
                if (ready is null)
                {
                    Record([refusal!]);
                    advance(1);
                    continue;
                }

                if (batch.Count > 0 && (batch.Count == batchSize || bytes + ready.Bytes > BatchBytes))
                {
                    await batches.WriteAsync(batch, stop).ConfigureAwait(false);
                    (batch, bytes) = ([], 0);
                }

                batch.Add(ready);
                bytes += ready.Bytes;
            }

            if (batch.Count > 0)
            {
                await batches.WriteAsync(batch, stop).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
            // Stopped: the rows not sent stay for the next run.
        }
        finally
        {
            batches.Complete();
        }
    }

    // The refusals a row earns before anything is read or sent.
    private static JournalEntry? Check(ManifestRow row, Dictionary<string, int> firstRowOf)
    {
        JournalEntry Refused(string reason, string detail, int otherRow = 0, string otherPinfl = "") =>
            new(row.Row, row.Signature, string.Empty, row.Pinfl, JournalEntry.Refused, reason, detail, OtherRow: otherRow, OtherPinfl: otherPinfl);

        if (!Pinfl.IsValid(row.Pinfl))
        {
            return Refused(RefusalReasons.BadPinfl, Pinfl.Refusal(row.Pinfl));
        }

        if (row.Paths.Count is 0 or > MaxPhotos)
        {
            return Refused(RefusalReasons.InvalidRow, row.Paths.Count == 0 ? "no photo listed" : $"{row.Paths.Count} photos listed; a row takes at most {MaxPhotos}");
        }

        var first = firstRowOf[row.Pinfl];
        return first == row.Row ? null : Refused(RefusalReasons.RepeatedPinfl, $"the PINFL is on row {first} too: list every photo of a citizen on one row", first, row.Pinfl);
    }

    // The row's photos read and its idempotency key made (PINFL and each photo's SHA-256), or its refusal when a file cannot be read.
    private static (PreparedRow? Row, JournalEntry? Refusal) Read(ManifestRow row)
    {
        var photos = new byte[row.Paths.Count][];
        for (var i = 0; i < photos.Length; i++)
        {
            try
            {
                photos[i] = File.ReadAllBytes(row.Paths[i]);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                var detail = e is FileNotFoundException or DirectoryNotFoundException ? $"photo {i + 1}: no file at {row.Paths[i]}" : $"photo {i + 1}: cannot read {row.Paths[i]}: {e.Message}";
                return (null, new JournalEntry(row.Row, row.Signature, string.Empty, row.Pinfl, JournalEntry.Refused, RefusalReasons.UnreadableFile, detail, row.Paths[i]));
            }
        }

        var bytes = photos.Sum(p => (long)p.Length);
        if (bytes > RowBytes)
        {
            return (null, new JournalEntry(row.Row, row.Signature, string.Empty, row.Pinfl, JournalEntry.Refused, RefusalReasons.UnreadableFile,
                string.Create(CultureInfo.InvariantCulture, $"the photos weigh {bytes / 1048576.0:F1} MiB; a row's photos may weigh at most {RowBytes / 1048576} MiB")));
        }

        var key = new StringBuilder(row.Pinfl);
        foreach (var photo in photos)
        {
            key.Append('\n').Append(Convert.ToHexStringLower(SHA256.HashData(photo)));
        }

        return (new PreparedRow(row, "import-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key.ToString()))), photos, bytes), null);
    }

    private async Task WorkAsync(ChannelReader<List<PreparedRow>> batches, Action<int> advance, CancellationTokenSource stop)
    {
        var client = connect();
        try
        {
            await foreach (var batch in batches.ReadAllAsync(stop.Token).ConfigureAwait(false))
            {
                foreach (var row in batch)
                {
                    _byKey[row.Key] = (row.Row.Row, row.Row.Pinfl);
                }

                if (await SendAsync(client, batch, stop).ConfigureAwait(false) is { } response)
                {
                    var entries = batch.Zip(response.Results, (row, result) => Entry(row, result, batch)).ToList();
                    Record(entries);
                    advance(entries.Count);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Stopped: batches not answered stay for the next run.
        }
    }

    // The batch's response, or null when it failed (retried first where that can help; a failure of the request itself stops the run).
    private async Task<EnrollBatchResponse?> SendAsync(Contracts.V1.Enrollment.EnrollmentClient client, List<PreparedRow> batch, CancellationTokenSource stop)
    {
        var request = new EnrollBatchRequest { Fmr = fmr };
        foreach (var row in batch)
        {
            var item = new Contracts.V1.EnrollBatchItem { IdempotencyKey = row.Key, Pinfl = row.Row.Pinfl };
            item.Probes.AddRange(row.Photos.Select(p => new Probe { Image = UnsafeByteOperations.UnsafeWrap(p) }));
            request.Items.Add(item);
        }

        var rows = $"rows {batch[0].Row.Row}..{batch[^1].Row.Row}";
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                return await client.EnrollBatchAsync(request, headers, cancellationToken: stop.Token).ConfigureAwait(false);
            }
            catch (RpcException) when (stop.IsCancellationRequested)
            {
                return null;
            }
            catch (RpcException e) when (Transient(e) && attempt < Backoff.Length)
            {
                log.WriteLine($"import: {rows}: {e.StatusCode}: {e.Status.Detail}; sent again in {Backoff[attempt].TotalSeconds:0.#} s");
                await Task.Delay(Backoff[attempt], stop.Token).ConfigureAwait(false);
            }
            catch (RpcException e) when (Transient(e))
            {
                log.WriteLine($"import: {rows} not done: {e.StatusCode}: {e.Status.Detail}");
                return null;
            }
            catch (RpcException e)
            {
                Interlocked.CompareExchange(ref _fatal, e, null);
                await stop.CancelAsync().ConfigureAwait(false);
                return null;
            }
        }
    }

    private static bool Transient(RpcException e) =>
        e.StatusCode is StatusCode.Unavailable or StatusCode.ResourceExhausted or StatusCode.DeadlineExceeded or StatusCode.Aborted or StatusCode.Internal or StatusCode.Unknown or StatusCode.Cancelled
        && !UntrustedServer(e);

    // A server certificate that is neither the pinned one (--ca) nor trusted by the system fails every try alike (the
    // client reports it as Internal): it stops the run at once, as a refused credential does, instead of after six tries.
    private static bool UntrustedServer(RpcException e)
    {
        for (var inner = e.Status.DebugException; inner is not null; inner = inner.InnerException)
        {
            if (inner is System.Security.Authentication.AuthenticationException)
            {
                return true;
            }
        }

        return false;
    }

    private JournalEntry Entry(PreparedRow row, EnrollBatchResult result, List<PreparedRow> batch)
    {
        if (result.Enrolled)
        {
            return new JournalEntry(row.Row.Row, row.Row.Signature, row.Key, row.Row.Pinfl, JournalEntry.Enrolled, Decision: result.DecisionId, Replayed: result.Replayed);
        }

        // A duplicate whose other row is of this import (this batch, another one, an earlier run) is a duplicate within
        // the import, whichever batch the server saw it in; only a subject from outside it is a duplicate in the registry.
        var fmr = string.Create(CultureInfo.InvariantCulture, $"FMR {result.OperatingPoint?.Fmr ?? 0:0.#e0}");
        (int Row, string Pinfl)? mine = result.Refusal switch
        {
            EnrollRefusal.DuplicateInBatch when result.DuplicateOfItem is > 0 and var n && n <= batch.Count => (batch[n - 1].Row.Row, batch[n - 1].Row.Pinfl),
            EnrollRefusal.DuplicateInRegistry when _byKey.TryGetValue(result.DuplicateOfKey, out var earlier) => earlier,
            _ => null,
        };
        var (reason, detail, otherRow, otherPinfl) = (result.Refusal, mine) switch
        {
            (EnrollRefusal.DuplicateInBatch or EnrollRefusal.DuplicateInRegistry, { } other) =>
                (RefusalReasons.DuplicateInImport, $"the face matches row {other.Row} (PINFL {other.Pinfl}) of this import at {fmr}", other.Row, other.Pinfl),
            (EnrollRefusal.DuplicateInRegistry, null) => (RefusalReasons.DuplicateInRegistry, result.DuplicateOfPinfl.Length > 0
                ? $"the face matches enrolled subject {result.DuplicateOfPinfl} at {fmr}"
                : $"the face matches an enrolled subject at {fmr}; its PINFL is not disclosed to this role (audit entry {result.DecisionId} names it)", 0, result.DuplicateOfPinfl),
            (EnrollRefusal.CaptureGates, _) => (RefusalReasons.QualityGate, string.Join("; ", result.GateFailures), 0, string.Empty),
            _ => (RefusalReasons.Of(result.Refusal), result.Message, 0, result.DuplicateOfPinfl),
        };
        return new JournalEntry(
            row.Row.Row, row.Row.Signature, row.Key, row.Row.Pinfl, JournalEntry.Refused, reason, detail,
            result.Photo > 0 && result.Photo <= row.Row.Paths.Count ? row.Row.Paths[result.Photo - 1] : string.Empty, otherRow, otherPinfl, result.DecisionId);
    }

    private void Record(IReadOnlyCollection<JournalEntry> entries)
    {
        journal.Append(entries);
        foreach (var entry in entries)
        {
            Remember(entry);
        }
    }

    private void Remember(JournalEntry entry)
    {
        _entries[entry.Row] = entry;
        if (entry.Key.Length > 0)
        {
            _byKey[entry.Key] = (entry.Row, entry.Pinfl);
        }
    }

    /// <summary>A row ready to send: its photos, its idempotency key and their weight.</summary>
    private sealed record PreparedRow(ManifestRow Row, string Key, byte[][] Photos, long Bytes);
}
