namespace EGov.Biometrics.Registry.Storage;

/// <summary>
/// The PostgreSQL password's file (<c>--postgres-password-file</c>), read by the server and by <c>egov-bio</c>. A file
/// every local user may read hands the registry's password (the holder of every sealed template and audit entry) to
/// all of them, so, as libpq does with ~/.pgpass, one that others can read or write is refused: the owner (and its
/// group, e.g. root:egov 0640) only.
/// </summary>
public static class PostgresPasswordFile
{
    /// <summary>The password in <paramref name="path"/>, without its line ending.</summary>
    /// <exception cref="InvalidDataException">The file cannot be read, or others may read or write it; the message names it.</exception>
    public static string Read(string path)
    {
        try
        {
            if (!OperatingSystem.IsWindows() && File.Exists(path)
                && (File.GetUnixFileMode(path) & (UnixFileMode.OtherRead | UnixFileMode.OtherWrite)) != 0)
            {
                throw new InvalidDataException(
                    $"The PostgreSQL password file {path} can be read or written by every user of this machine: make it the owner's only (chmod 600 {path}), and change the password if others may have read it.");
            }

            return File.ReadAllText(path).TrimEnd('\r', '\n');
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InvalidDataException($"The PostgreSQL password file {path} cannot be read: {e.Message}", e);
        }
    }
}
