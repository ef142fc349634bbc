namespace EGov.Biometrics.Registry.Crypto;

/// <summary>
/// Where the key ring (template keys and the audit MAC key) comes from, first match wins: a file named by the
/// operator (<c>--key-ring PATH</c> or <see cref="FileVariable"/>), the ring itself in
/// <see cref="KeyRing.EnvironmentVariable"/>, systemd's credentials (<c>$CREDENTIALS_DIRECTORY/template-keys.json</c>,
/// read-only), and last the data folder's <c>template-keys.json</c>. Kept elsewhere than the data folder, a copy
/// of that folder holds sealed templates and a MAC'd log, but not the keys to open or forge them.
/// The server and <c>egov-bio audit verify</c> both find it here.
/// </summary>
public static class KeyRingLocation
{
    public const string FileName = "template-keys.json";
    public const string FileVariable = "EGOV_KEY_RING";
    public const string CredentialsVariable = "CREDENTIALS_DIRECTORY";

    /// <param name="dataFolder">The data folder (its key file is the last resort).</param>
    /// <param name="path">The file the operator named (null: none).</param>
    /// <param name="mayCreate">Whether a missing file may be replaced by a new ring: only for a new data folder.</param>
    /// <exception cref="InvalidDataException">The ring is missing (and may not be created) or unreadable; the message names the file.</exception>
    public static KeyRingSource Load(string dataFolder, string? path, bool mayCreate)
    {
        path ??= Environment.GetEnvironmentVariable(FileVariable) is { Length: > 0 } named ? named : null;
        if (path is null && Environment.GetEnvironmentVariable(KeyRing.EnvironmentVariable) is { Length: > 0 } json)
        {
            try
            {
                return new KeyRingSource(KeyRing.Parse(json), null);
            }
            catch (InvalidDataException e)
            {
                throw new InvalidDataException($"{KeyRing.EnvironmentVariable}: {e.Message}", e);
            }
        }

        if (path is null && Environment.GetEnvironmentVariable(CredentialsVariable) is { Length: > 0 } credentials
            && System.IO.Path.Combine(credentials, FileName) is var credential && File.Exists(credential))
        {
            // systemd's credentials are read-only: a rotation re-encrypts under a key the operator adds there.
            return new KeyRingSource(new KeyRingFile(credential).Load(), null);
        }

        var file = new KeyRingFile(path ?? System.IO.Path.Combine(dataFolder, FileName));
        if (file.Exists)
        {
            return new KeyRingSource(file.Load(), file);
        }

        if (!mayCreate)
        {
            throw new InvalidDataException(
                $"The key ring {file.Path} is missing: restore it from its backup. A new ring is made only for a new data folder (one without registry.db); here it would leave every sealed template unreadable and the audit chain unverifiable.");
        }

        // Nodes of a cluster started together on an empty registry may all get here with one shared file: the first
        // to create it wins and the others use its ring (replacing it would leave two rings sealing one registry).
        var ring = KeyRing.Generate();
        return file.TryCreate(ring) ? new KeyRingSource(ring, file) : new KeyRingSource(file.Load(), file);
    }
}
