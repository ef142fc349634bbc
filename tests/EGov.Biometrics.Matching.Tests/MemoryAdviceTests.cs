using System.Globalization;
using System.Runtime.InteropServices;
using EGov.Biometrics.Matching.Storage;

namespace EGov.Biometrics.Matching.Tests;

/// <summary>The scanned arrays ask for transparent huge pages: the kernel marks their memory (VmFlags "hg" in smaps).</summary>
public sealed class MemoryAdviceTests
{
    [Fact]
    public void Arrays_for_scans_ask_for_huge_pages_over_every_2_MiB_page_they_touch()
    {
        const int HugePage = 2 << 20;
        var array = MemoryAdvice.AllocateForScans<sbyte>((8 * HugePage) + 1000);
        Assert.Equal((8 * HugePage) + 1000, array.Length);
        if (!MemoryAdvice.AdviseHugePages(array))
        {
            return; // not Linux, or a kernel that declines the hint: the array is all that is promised
        }

        // The array is pinned, so its address holds: its first, a middle and its last byte lie in advised memory.
        var start = (long)Marshal.UnsafeAddrOfPinnedArrayElement(array, 0);
        foreach (var offset in new long[] { 0, 5L * HugePage, array.Length - 1 })
        {
            Assert.Contains(" hg", FlagsOfMapping(start + offset), StringComparison.Ordinal);
        }

        GC.KeepAlive(array);
    }

    /// <summary>The VmFlags of the mapping that holds <paramref name="address"/>, from /proc/self/smaps.</summary>
    private static string FlagsOfMapping(long address)
    {
        var inside = false;
        foreach (var line in File.ReadLines("/proc/self/smaps"))
        {
            var dash = line.IndexOf('-', StringComparison.Ordinal);
            var space = line.IndexOf(' ', StringComparison.Ordinal);
            if (dash > 0 && space > dash && long.TryParse(line.AsSpan(0, dash), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var from)
                && long.TryParse(line.AsSpan(dash + 1, space - dash - 1), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var to))
            {
                inside = address >= from && address < to;
            }
            else if (inside && line.StartsWith("VmFlags:", StringComparison.Ordinal))
            {
                return line;
            }
        }

        throw new InvalidOperationException($"No mapping holds 0x{address:x}.");
    }
}
