namespace EGov.Biometrics.Registry.Audit;

/// <summary>
/// Keeps the anchor file open and rewrites its one small block in place after every commit: two system
/// calls instead of a create and a rename per batch. Not flushed to disk each time: after a power cut the
/// anchor may lag the database (a stale anchor still vouches for the prefix it names), never lead it.
/// </summary>
public sealed class AuditAnchorWriter : IDisposable
{
    private readonly FileStream _file;
    private readonly Lock _gate = new();

    public AuditAnchorWriter(string path)
    {
        var options = new FileStreamOptions { Mode = FileMode.OpenOrCreate, Access = FileAccess.Write, Share = FileShare.Read, BufferSize = 0 };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        _file = new FileStream(path, options);
    }

    public void Write(AuditAnchor anchor)
    {
        var bytes = anchor.ToFileBytes();
        lock (_gate)
        {
            RandomAccess.Write(_file.SafeFileHandle, bytes, 0);
        }
    }

    public void Dispose() => _file.Dispose();
}
