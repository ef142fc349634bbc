using System.Runtime.InteropServices;

namespace EGov.Biometrics.Edge.Queue;

/// <summary>
/// Writes a file so that after a crash or power cut it is either whole or absent: write a temporary file,
/// flush it to the disk, rename it over the final name (atomic on one file system), then flush the
/// directory so the rename itself survives.
/// </summary>
internal static partial class DurableFile
{
    public const string TemporaryExtension = ".tmp";

    public static void Write(string path, ReadOnlySpan<byte> contents)
    {
        var temporary = path + TemporaryExtension;
        try
        {
            using (var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None))
            {
                stream.Write(contents);
                stream.Flush(flushToDisk: true);
            }

            File.Move(temporary, path, overwrite: true);
        }
        catch
        {
            File.Delete(temporary);
            throw;
        }

        FlushDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
    }

    /// <summary>fsync on the directory (Linux); .NET has no API for it, and other systems need none here.</summary>
    private static void FlushDirectory(string directory)
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        var fd = Open(directory, 0 /* O_RDONLY */);
        if (fd < 0)
        {
            return;
        }

        try
        {
            _ = Fsync(fd);
        }
        finally
        {
            _ = Close(fd);
        }
    }

    [LibraryImport("libc", EntryPoint = "open", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "fsync")]
    private static partial int Fsync(int fd);

    [LibraryImport("libc", EntryPoint = "close")]
    private static partial int Close(int fd);
}
