using System.Globalization;

namespace EGov.Biometrics.Benchmarks.Matching;

/// <summary>
/// This process's resident memory from <c>/proc/self/status</c>: anonymous pages (the heap: what the
/// process must keep) apart from file pages (a memory-mapped store's pages, which the kernel drops and
/// re-reads as it needs the room).
/// </summary>
internal static class ProcessMemory
{
    /// <summary>Resident anonymous memory in MiB, after a full collection so that garbage does not count.</summary>
    public static double ResidentAnonymousMib()
    {
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        return Kib("RssAnon:") / 1024.0;
    }

    /// <summary>Resident file-backed pages in MiB (mapped files, the program's own code).</summary>
    public static double ResidentFileMib() => Kib("RssFile:") / 1024.0;

    private static long Kib(string field)
    {
        var line = File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith(field, StringComparison.Ordinal))
            ?? throw new PlatformNotSupportedException($"/proc/self/status has no {field} line.");
        return long.Parse(line[field.Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
    }
}
