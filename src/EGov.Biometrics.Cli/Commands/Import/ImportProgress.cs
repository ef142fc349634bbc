using System.Diagnostics;
using System.Globalization;
using Spectre.Console;

namespace EGov.Biometrics.Cli.Commands.Import;

/// <summary>
/// How far an import is: on a terminal (<c>terminal</c>: standard error is one) a progress bar there (rows done of
/// all, rows per second, time left); otherwise (a log, a pipe, a test) a plain line on <c>error</c> every <c>interval</c>. Rows accounted for by an earlier run
/// count as done from the start; the rate and the time left are this run's.
/// </summary>
internal sealed class ImportProgress(TextWriter error, bool terminal, TimeSpan interval)
{
    private readonly Stopwatch _clock = new();
    private int _total;
    private int _earlier;
    private int _done;

    /// <summary>Runs <paramref name="work"/>, which reports rows done through the action it is given.</summary>
    public async Task<T> RunAsync<T>(int total, int earlier, Func<Action<int>, Task<T>> work)
    {
        (_total, _earlier, _done) = (total, earlier, earlier);
        _clock.Start();
        if (terminal)
        {
            var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
            return await console.Progress()
                .AutoClear(false)
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn(), new SpinnerColumn())
                .StartAsync(async context =>
                {
                    var task = context.AddTask(Line(), maxValue: Math.Max(1, total));
                    task.Value = earlier;
                    return await work(rows =>
                    {
                        Interlocked.Add(ref _done, rows);
                        task.Increment(rows);
                        task.Description = Markup.Escape(Line());
                    });
                });
        }

        using var stop = new CancellationTokenSource();
        var lines = PrintEveryAsync(stop.Token);
        try
        {
            return await work(rows => Interlocked.Add(ref _done, rows));
        }
        finally
        {
            await stop.CancelAsync();
            await lines;
            error.WriteLine(Line());
        }
    }

    // "import: 120/2000 rows (6 %), 4.1 rows/s, about 7m38s left"
    private string Line()
    {
        var done = Volatile.Read(ref _done);
        var rate = (done - _earlier) / Math.Max(_clock.Elapsed.TotalSeconds, 1e-3);
        var left = rate > 0 ? TimeSpan.FromSeconds((_total - done) / rate) : (TimeSpan?)null;
        return string.Create(CultureInfo.InvariantCulture, $"import: {done}/{_total} rows ({(_total == 0 ? 100 : 100.0 * done / _total):F0} %), {rate:F1} rows/s")
            + (left is { } l && done < _total ? $", about {Duration(l)} left" : string.Empty);
    }

    private static string Duration(TimeSpan t) => t.TotalHours >= 1 ? $"{(int)t.TotalHours}h{t.Minutes:D2}m" : t.TotalMinutes >= 1 ? $"{(int)t.TotalMinutes}m{t.Seconds:D2}s" : $"{t.Seconds}s";

    private async Task PrintEveryAsync(CancellationToken stop)
    {
        using var timer = new PeriodicTimer(interval);
        try
        {
            while (await timer.WaitForNextTickAsync(stop))
            {
                error.WriteLine(Line());
            }
        }
        catch (OperationCanceledException)
        {
            // The import ended; the last line is printed by the caller.
        }
    }
}
