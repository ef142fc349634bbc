namespace EGov.Biometrics.Registry.Crypto;

/// <summary>
/// A key ring kept in a file readable by its owner only. Saving writes a new file beside it, flushes it to
/// disk and renames it over the old one, so a crash leaves either the old ring or the new, never half of one.
/// </summary>
public sealed class KeyRingFile(string path)
{
    public string Path { get; } = path;

    public bool Exists => File.Exists(Path);

    public KeyRing Load()
    {
        try
        {
            return KeyRing.Parse(File.ReadAllText(Path));
        }
        catch (Exception e) when (e is InvalidDataException or ArgumentException or FormatException)
        {
            throw new InvalidDataException($"{Path}: {e.Message}", e);
        }
    }

    public void Save(KeyRing ring)
    {
        var temporary = Path + ".new";
        File.Delete(temporary);
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using (var stream = new FileStream(temporary, options))
        {
            stream.Write(System.Text.Encoding.UTF8.GetBytes(ring.ToJson()));
            stream.Flush(flushToDisk: true);
        }

        File.Move(temporary, Path, overwrite: true);
    }
}
