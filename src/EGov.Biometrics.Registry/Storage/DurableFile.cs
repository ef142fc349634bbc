namespace EGov.Biometrics.Registry.Storage;

/// <summary>
/// Replaces a small file so that a crash or power cut leaves the old content or the new, never an empty or
/// half-written file: the new content is written beside it, flushed to disk, renamed over it, and the folder
/// is flushed too (the rename itself lives in the folder's entry). Files are readable by their owner only.
/// </summary>
public static class DurableFile
{
    public static void Replace(string path, ReadOnlySpan<byte> content)
    {
        var aside = path + ".new";
        File.Delete(aside);
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

        File.Move(aside, path, overwrite: true);
        FolderSync.Flush(Path.GetDirectoryName(Path.GetFullPath(path))!);
    }
}
