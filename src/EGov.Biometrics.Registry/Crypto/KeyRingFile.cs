namespace EGov.Biometrics.Registry.Crypto;

/// <summary>
/// A key ring kept in a file readable by its owner only. Saving replaces it durably (see
/// <see cref="Storage.DurableFile"/>), so a crash leaves either the old ring or the new, never half of one.
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
        catch (Exception e) when (e is InvalidDataException or ArgumentException or FormatException or IOException or UnauthorizedAccessException)
        {
            throw new InvalidDataException($"{Path}: {e.Message}", e);
        }
    }

    public void Save(KeyRing ring) => Storage.DurableFile.Replace(Path, System.Text.Encoding.UTF8.GetBytes(ring.ToJson()));

    /// <summary>Saves <paramref name="ring"/> only where there is no file yet; false when another process made one first.</summary>
    public bool TryCreate(KeyRing ring) => Storage.DurableFile.Create(Path, System.Text.Encoding.UTF8.GetBytes(ring.ToJson()));
}
