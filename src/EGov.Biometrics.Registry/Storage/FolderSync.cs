using System.ComponentModel;
using System.Runtime.InteropServices;

namespace EGov.Biometrics.Registry.Storage;

/// <summary>
/// fsync on a folder: makes a rename (or a new file) in it durable. .NET has no API for it (a FileStream
/// refuses folders), so it calls the C library; on Windows renames are journaled and there is nothing to do.
/// </summary>
internal static partial class FolderSync
{
    private const int ReadOnly = 0; // O_RDONLY: enough to fsync a folder

    public static void Flush(string folder)
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        var descriptor = Open(folder, ReadOnly);
        if (descriptor < 0)
        {
            throw new IOException($"Cannot open the folder {folder} to flush it: {new Win32Exception(Marshal.GetLastPInvokeError()).Message}.");
        }

        try
        {
            if (Fsync(descriptor) != 0)
            {
                throw new IOException($"Cannot flush the folder {folder} to disk: {new Win32Exception(Marshal.GetLastPInvokeError()).Message}.");
            }
        }
        finally
        {
            _ = Close(descriptor);
        }
    }

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "fsync", SetLastError = true)]
    private static partial int Fsync(int descriptor);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    private static partial int Close(int descriptor);
}
