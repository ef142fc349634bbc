using System.Diagnostics;
using EGov.Biometrics.Registry.Crypto;
using EGov.Biometrics.Registry.Subjects;

namespace EGov.Biometrics.Server.Tests;

/// <summary>
/// egov-bio import killed with SIGKILL halfway through a manifest and run again: every row enrolled exactly once or
/// reported, none skipped (the journal and the server's idempotency keys), counted in the registry and its audit.
/// </summary>
public sealed class ImportCrashTests(RunningServer server) : IClassFixture<RunningServer>, IDisposable
{
    private readonly ImportFolder _files = new();

    [Fact(Timeout = 300_000)]
    public async Task Killed_halfway_and_run_again_every_row_is_enrolled_once_or_reported()
    {
        // Four people (portraits 1 and 3 are one of them), each first seen on rows 2, 5, 8 and 11, then again and again
        // under other PINFLs, between refusals of every kind: 24 rows, one per batch, so the kill lands between rows.
        string[] photos =
        [
            _files.Portrait(4), _files.NoFace(), _files.Mirrored(4), _files.Portrait(5), _files.Portrait(2), _files.Mirrored(5), _files.Portrait(6), _files.Group(),
            _files.Mirrored(6), _files.Portrait(1), _files.Portrait(3), _files.Mirrored(1), "wall.jpg", "p4.jpg", "p5.jpg", "m6.jpg",
            "p2.jpg", "group.jpg", "p3.jpg", "wall.jpg", "m4.jpg", "p6.jpg", _files.NotAnImage(), "m5.jpg",
        ];
        var manifest = _files.Manifest("crash.csv", [.. photos.Select((photo, i) => ($"560000000000{i:D2}", photo))]);
        var journal = manifest + ".journal";
        string[] arguments = ["import", "--manifest", manifest, "--workers", "1", "--batch-size", "1", .. ImportFolder.Connection(server, server.Keys["enroller"])];

        using (var import = Process.Start(new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "egov-bio.dll"), .. arguments]) { RedirectStandardOutput = true, RedirectStandardError = true })!)
        {
            // Watched from a thread of its own: an await here could resume late on a busy thread pool and let the import
            // run to its end.
            await Task.Factory.StartNew(
                () =>
                {
                    var deadline = DateTime.UtcNow.AddSeconds(120);
                    while (Lines(journal) < 8 && !import.HasExited && DateTime.UtcNow < deadline)
                    {
                        Thread.Sleep(5);
                    }

                    import.Kill(entireProcessTree: true); // SIGKILL: no flush, no goodbye
                },
                CancellationToken.None,
                TaskCreationOptions.LongRunning,
                TaskScheduler.Default);
            await import.WaitForExitAsync();
        }

        var killedAt = Lines(journal);
        Assert.InRange(killedAt, 8, 23); // any kill that leaves rows for the second run

        // Whatever the kill cut, also lose the answer of the last enrolment (and every line after it), as a crash between
        // the server's commit and the journal's write would: run again, that row must come back as its first enrolment.
        var kept = File.ReadAllLines(journal).TakeWhile(l => l.EndsWith('}')).ToList();
        var lost = kept.FindLastIndex(l => l.Contains("\"outcome\":\"enrolled\"", StringComparison.Ordinal));
        var lostRow = System.Text.Json.JsonDocument.Parse(kept[lost]).RootElement.GetProperty("row").GetInt32();
        await File.WriteAllLinesAsync(journal, kept[..lost]);

        var (exit, output, error) = ImportFolder.Run(arguments);

        Assert.True(exit == 0, error);
        Assert.Contains("24 rows: 4 enrolled", output, StringComparison.Ordinal);
        Assert.Contains("20 refused, 0 left", output, StringComparison.Ordinal);
        var entries = File.ReadAllLines(journal).Select(l => System.Text.Json.JsonDocument.Parse(l).RootElement).ToList();
        var rows = entries.Select(e => e.GetProperty("row").GetInt32()).ToList();
        var enrolledRows = entries.Where(e => e.GetProperty("outcome").GetString() == "enrolled").Select(e => e.GetProperty("row").GetInt32()).Order().ToList();
        Assert.Equal(Enumerable.Range(2, 24), rows.Distinct().Order());
        Assert.Equal([2, 5, 8, 11], enrolledRows);
        Assert.True(entries.Single(e => e.GetProperty("row").GetInt32() == lostRow).GetProperty("replayed").GetBoolean(), $"row {lostRow} was enrolled again instead of replayed");
        Assert.Equal(20, ImportFolder.Report(_files.Combine("crash.refusals.csv")).Count);

        // Enrolled exactly once: one subject, one enrolment key and one 'enroll' audit entry each, and nothing else enrolled.
        using var registry = new SubjectRegistry(server.Data.Database, new TemplateCipher(server.Data.Keys));
        Assert.Equal(["56000000000000", "56000000000003", "56000000000006", "56000000000009"], registry.List(string.Empty, 100).Select(s => s.Pinfl));
        Assert.Equal(4, new EnrollmentKeyStore(registry).Count());
        using var connection = server.Data.Database.Open();
        using var audit = connection.CreateCommand();
        audit.CommandText = "SELECT subject, COUNT(*) FROM audit WHERE action = 'enroll' AND decision LIKE 'enrolled%' GROUP BY subject";
        using var reader = audit.ExecuteReader();
        var enrolments = new Dictionary<string, long>();
        while (reader.Read())
        {
            enrolments[reader.GetString(0)] = reader.GetInt64(1);
        }

        Assert.Equal(new Dictionary<string, long> { ["56000000000000"] = 1, ["56000000000003"] = 1, ["56000000000006"] = 1, ["56000000000009"] = 1 }, enrolments);
    }

    public void Dispose() => _files.Dispose();

    private static int Lines(string path)
    {
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            using var reader = new StreamReader(stream);
            return reader.ReadToEnd().Count(c => c == '\n');
        }
        catch (FileNotFoundException)
        {
            return 0;
        }
    }
}
