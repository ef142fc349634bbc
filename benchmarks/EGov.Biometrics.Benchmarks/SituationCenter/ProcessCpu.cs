using System.Globalization;

namespace EGov.Biometrics.Benchmarks.SituationCenter;

/// <summary>
/// A process's CPU time from <c>/proc/PID/stat</c> (utime + stime, all its threads), read straight from the
/// kernel so that what is measured is what <c>top</c> would show, not a runtime's own estimate.
/// </summary>
internal static class ProcessCpu
{
    // The kernel reports these fields in USER_HZ ticks, which is 100 per second on every Linux ABI .NET runs on.
    private const double TicksPerSecond = 100;

    /// <summary>CPU time used so far by process <paramref name="pid"/>.</summary>
    public static TimeSpan Used(int pid) => Parse(File.ReadAllText($"/proc/{pid}/stat"));

    /// <summary>utime + stime of one <c>/proc/PID/stat</c> line.</summary>
    public static TimeSpan Parse(string stat)
    {
        // The command name (field 2) is in parentheses and may hold spaces: count fields after its closing one.
        var close = stat.LastIndexOf(')');
        if (close < 0)
        {
            throw new FormatException("Not a /proc/PID/stat line: no ')' after the command name.");
        }

        // After ")": state is field 3, so utime (field 14) and stime (field 15) are the 12th and 13th.
        var fields = stat[(close + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
        return TimeSpan.FromSeconds(ticks / TicksPerSecond);
    }

    /// <summary>The share of one core that <paramref name="pid"/> used over <paramref name="window"/>, in percent.</summary>
    public static async Task<double> PercentOfOneCoreAsync(int pid, TimeSpan window, CancellationToken cancel = default)
    {
        var before = Used(pid);
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        await Task.Delay(window, cancel);
        var used = Used(pid) - before;
        return 100 * used.TotalSeconds / System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalSeconds;
    }
}
