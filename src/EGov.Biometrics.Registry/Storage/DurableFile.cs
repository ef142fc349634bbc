namespace EGov.Biometrics.Registry.Storage;

/// <summary>
/// Replaces a small file so that a crash or power cut leaves the old content or the new, never an empty or
/// half-written file: the new content is written beside it, flushed to disk, renamed over it, and the folder
/// is flushed too (the rename itself lives in the folder's entry). Files are readable by their owner only.
/// </summary>
public static class DurableFile
{
    private static long _writes;

    public static void Replace(string path, ReadOnlySpan<byte> content) => Write(path, content, overwrite: true);

    /// <summary>Writes the file as <see cref="Replace"/> does, but only where there is none: false when another writer was first.</summary>
    public static bool Create(string path, ReadOnlySpan<byte> content) => Write(path, content, overwrite: false);

    private static bool Write(string path, ReadOnlySpan<byte> content, bool overwrite)
    {
        // A name of its own per write: two writers of one file (two registries open on one folder, a background
        // anchor write beside a foreground one) must not rename each other's half-written file away.
        var aside = $"{path}.{Environment.ProcessId}-{Interlocked.Increment(ref _writes)}.new";
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using (var stream = new FileStream(aside, options))
        {
            stream.Write(content);
            stream.Flush(flushToDisk: true);
        }

        try
        {
            // Without overwriting, the move fails where the file exists (on Unix a hard link, which fails atomically).
            File.Move(aside, path, overwrite);
        }
        catch (IOException) when (!overwrite && File.Exists(path))
        {
            File.Delete(aside);
            return false;
        }

        FolderSync.Flush(Path.GetDirectoryName(Path.GetFullPath(path))!);
        return true;
    }
}
