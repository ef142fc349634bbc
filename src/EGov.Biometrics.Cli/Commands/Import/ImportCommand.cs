using System.CommandLine;
using System.Runtime.InteropServices;
using EGov.Biometrics.Cli.Commands.Client;
using EGov.Biometrics.Contracts.V1;
using Grpc.Net.Client;

namespace EGov.Biometrics.Cli.Commands.Import;

/// <summary>
/// <c>egov-bio import --manifest FILE.csv [--workers N]</c>: bulk enrolment from a manifest (<see cref="Manifest"/>) through
/// the server's batch RPC (<see cref="ImportRun"/>), resumable from its journal (<see cref="ImportJournal"/>), every refusal
/// in a CSV report (<see cref="RefusalReport"/>). Exit 0 when every row is accounted for (enrolled or in the report), 3 when
/// rows are left because the server failed, 130 when interrupted (run the same command again to go on), 2 for a user error.
/// </summary>
internal static class ImportCommand
{
    public const int Interrupted = 130;

    public static Command Create()
    {
        var manifest = new Option<FileInfo>("--manifest") { Description = "CSV, one row per citizen: pinfl,path[,path…] (paths relative to the manifest's folder).", Required = true };
        var workers = new Option<int>("--workers") { Description = "Batches in flight at once, each on its own connection (1 to 16).", DefaultValueFactory = _ => 4 };
        var batchSize = new Option<int>("--batch-size") { Description = $"Rows per batch (1 to {MaxBatch}).", DefaultValueFactory = _ => 16 };
        var journal = new Option<FileInfo?>("--journal") { Description = "The journal that makes the import resumable (default: MANIFEST.journal)." };
        var report = new Option<FileInfo?>("--report") { Description = "The CSV report of refused rows (default: MANIFEST without extension + .refusals.csv)." };
        var every = new Option<double>("--progress-every") { Description = "Seconds between progress lines when standard error is not a terminal.", DefaultValueFactory = _ => 10 };
        var fmr = ClientCommands.FmrOption();
        var json = new Option<bool>("--json") { Description = "Print the summary as JSON." };
        var command = new Command("import", "Enrol citizens in bulk from a CSV manifest: batches in parallel, resumable, every refusal reported (enroller).")
        {
            manifest, workers, batchSize, journal, report, every, fmr, json,
        };
        var connection = new ServerConnection();
        connection.AddTo(command);
        command.SetAction(async (parse, cancel) =>
        {
            var (n, size, interval) = (parse.GetValue(workers), parse.GetValue(batchSize), parse.GetValue(every));
            if (n is < 1 or > 16 || size is < 1 or > MaxBatch || !(interval > 0))
            {
                throw new CommandException($"--workers takes 1 to 16, --batch-size 1 to {MaxBatch}, --progress-every a positive number of seconds.");
            }

            var manifestPath = parse.GetRequiredValue(manifest).FullName;
            var rows = Manifest.Read(manifestPath);
            var headers = connection.Headers(parse);
            connection.Open(parse).Dispose(); // a bad --ca or --cert is a user error before the run, not a failure of each worker
            var reportPath = parse.GetValue(report)?.FullName ?? RefusalReport.DefaultPath(manifestPath);
            var log = TextWriter.Synchronized(parse.InvocationConfiguration.Error); // not disposed: it would close the error writer itself
            using var journalFile = new ImportJournal(parse.GetValue(journal)?.FullName ?? ImportJournal.DefaultPath(manifestPath));
            var channels = new List<GrpcChannel>();
            Enrollment.EnrollmentClient Connect()
            {
                lock (channels)
                {
                    var channel = connection.Open(parse);
                    channels.Add(channel);
                    return new Enrollment.EnrollmentClient(channel);
                }
            }

            // Ctrl-C or SIGTERM: the batches in flight are abandoned (the server's keys make them safe to send again), the
            // report and the summary are written, exit 130. A second one ends the process at once.
            using var interrupted = CancellationTokenSource.CreateLinkedTokenSource(cancel);
            void Interrupt(PosixSignalContext signal)
            {
                signal.Cancel = !interrupted.IsCancellationRequested;
                interrupted.Cancel();
            }

            using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, Interrupt);
            using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Interrupt);
            var run = new ImportRun(n, size, parse.GetValue(fmr), Connect, headers, journalFile, log);
            var terminal = ReferenceEquals(parse.InvocationConfiguration.Error, Console.Error) && !Console.IsErrorRedirected;
            var earlier = run.Resume(rows);

            // Written once before anything is sent, so a report that cannot be written stops the run now, not at its end.
            RefusalReport.Write(reportPath, run.Entries);
            ImportSummary summary;
            try
            {
                summary = await new ImportProgress(log, terminal, TimeSpan.FromSeconds(interval)).RunAsync(rows.Count, earlier, advance => run.RunAsync(rows, advance, interrupted.Token));
            }
            finally
            {
                RefusalReport.Write(reportPath, run.Entries);
                channels.ForEach(c => c.Dispose());
            }

            Print(parse, parse.GetValue(json), manifestPath, reportPath, journalFile.Path, summary);
            return summary.Left == 0 ? 0 : interrupted.IsCancellationRequested ? Interrupted : 3;
        });
        return command;
    }

    private const int MaxBatch = 32;

    private static void Print(ParseResult parse, bool json, string manifest, string report, string journal, ImportSummary s)
    {
        var output = parse.InvocationConfiguration.Output;
        if (json)
        {
            Json.Write(output, new
            {
                rows = s.Rows,
                enrolled = s.Enrolled,
                enrolled_before = s.EnrolledBefore,
                refused = s.Refused,
                refused_by = s.RefusedBy,
                left = s.Left,
                rows_now = s.DoneNow,
                seconds = Math.Round(s.Elapsed.TotalSeconds, 1),
                rows_per_second = Math.Round(s.RowsPerSecond, 2),
                report,
                journal,
            });
            return;
        }

        output.WriteLine($"import {Path.GetFileName(manifest)}: {s.Rows} rows: {s.Enrolled} enrolled{(s.EnrolledBefore > 0 ? $" ({s.EnrolledBefore} by earlier runs)" : string.Empty)}, {s.Refused} refused, {s.Left} left; {s.DoneNow} rows in {s.Elapsed.TotalSeconds:F1} s ({s.RowsPerSecond:F1} rows/s)");
        if (s.Refused > 0)
        {
            output.WriteLine($"refused: {string.Join(", ", s.RefusedBy.Select(r => $"{r.Value} {r.Key}"))}; every refusal with its reason: {report}");
        }

        if (s.Left > 0)
        {
            output.WriteLine($"{s.Left} rows not done: run the same command again to go on (journal: {journal})");
        }
    }
}
