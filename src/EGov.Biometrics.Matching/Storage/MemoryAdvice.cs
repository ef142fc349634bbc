using System.Runtime.InteropServices;

namespace EGov.Biometrics.Matching.Storage;

/// <summary>
/// Hints to the kernel about how the gallery's memory is used (Linux madvise; elsewhere, and where the kernel
/// declines, nothing happens: a hint, never an error).
/// </summary>
internal static partial class MemoryAdvice
{
    private const int WillNeed = 3;
    private const int HugePage = 14;
    private const int HugePageBytes = 2 << 20;

    /// <summary>
    /// A pinned, uninitialised array backed by transparent huge pages where the kernel allows them on request
    /// (<c>/sys/kernel/mm/transparent_hugepage/enabled</c> "madvise" or "always"). A scan reads these arrays from
    /// end to end: with 4 KiB pages the hardware prefetcher stops at every page boundary and the TLB misses
    /// every 4 KiB (docs/benchmarks.md).
    /// </summary>
    public static T[] AllocateForScans<T>(int length)
        where T : unmanaged
    {
        var array = GC.AllocateUninitializedArray<T>(length, pinned: true);
        _ = AdviseHugePages(array);
        return array;
    }

    /// <summary>
    /// Asks for huge pages over the whole 2 MiB pages the pinned <paramref name="array"/> touches, rounded out:
    /// its neighbours in those pages are other objects of the GC's pinned heap, for which the advice changes the
    /// page size and nothing else. Pages not yet written are then faulted in huge; pages the heap had already
    /// used are collapsed later by khugepaged. False where the kernel did not take it.
    /// </summary>
    internal static unsafe bool AdviseHugePages<T>(T[] array)
        where T : unmanaged
    {
        if (!OperatingSystem.IsLinux() || (long)array.Length * sizeof(T) < HugePageBytes)
        {
            return false;
        }

        fixed (T* pointer = array)
        {
            var start = (nint)pointer & ~(nint)(HugePageBytes - 1);
            var end = ((nint)pointer + (nint)((long)array.Length * sizeof(T)) + HugePageBytes - 1) & ~(nint)(HugePageBytes - 1);
            return Advise(start, (nuint)(end - start), HugePage);
        }
    }

    /// <summary>Asks the kernel to start reading a mapped range's pages now (madvise WILLNEED).</summary>
    public static unsafe void WillNeedRange(byte* start, long length)
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        var page = Environment.SystemPageSize;
        var aligned = (nint)start - ((nint)start % page);
        _ = Advise(aligned, (nuint)((nint)start + (nint)length - aligned), WillNeed);
    }

    private static bool Advise(nint address, nuint length, int advice)
    {
        try
        {
            return Madvise(address, length, advice) == 0;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return false; // a libc without madvise: no hint
        }
    }

    [LibraryImport("libc", EntryPoint = "madvise")]
    private static partial int Madvise(nint address, nuint length, int advice);
}
