namespace EGov.Biometrics.Benchmarks.SituationCenter;

/// <summary>The processor a figure was measured on, as <c>/proc/cpuinfo</c> names it.</summary>
internal static class CpuModel
{
    /// <summary>The first "model name" in /proc/cpuinfo; "unknown" where there is none (not Linux, some ARM kernels).</summary>
    public static string Name()
    {
        const string path = "/proc/cpuinfo";
        if (!File.Exists(path))
        {
            return "unknown";
        }

        return File.ReadLines(path)
            .Where(line => line.StartsWith("model name", StringComparison.Ordinal))
            .Select(line => line[(line.IndexOf(':') + 1)..].Trim())
            .FirstOrDefault() ?? "unknown";
    }
}
