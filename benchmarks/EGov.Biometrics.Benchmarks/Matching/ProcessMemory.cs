using System.Globalization;

namespace EGov.Biometrics.Benchmarks.Matching;

/// <summary>
/// This process's resident memory from <c>/proc/self/status</c>: anonymous pages (the heap: what the
/// process must keep) apart from file pages (a memory-mapped store's pages, which the kernel drops and
/// re-reads as it needs the room).
/// </summary>
internal static class ProcessMemory
{
    /// <summary>Resident anonymous memory in MiB now, garbage included (no collection is forced).</summary>
    public static double ResidentAnonymousMib() => Kib("RssAnon:") / 1024.0;

    /// <summary>The most resident memory (anonymous and file pages) the process has had so far, in MiB.</summary>
    public static double PeakResidentMib() => Kib("VmHWM:") / 1024.0;

    /// <summary>Resident file-backed pages in MiB (mapped files, the program's own code).</summary>
    public static double ResidentFileMib() => Kib("RssFile:") / 1024.0;

    private static long Kib(string field)
    {
        var line = File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith(field, StringComparison.Ordinal))
            ?? throw new PlatformNotSupportedException($"/proc/self/status has no {field} line.");
        return long.Parse(line[field.Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
    }
}
