using System.Globalization;
using System.Text.Json;

namespace EGov.Biometrics.Registry.Audit;

/// <summary>
/// The audit chain's head (sequence number and hash) kept outside the database, so that deleting the newest
/// entries (which leaves a shorter chain that still verifies) is detected. The server rewrites it after
/// every commit; shipping it off the machine (syslog, a WORM store) makes it stronger still.
/// </summary>
public sealed record AuditAnchor(long Seq, byte[] Hash)
{
    public static AuditAnchor? Load(string path)
    {
        if (!File.Exists(path))
        {
            return null;
        }

        var document = JsonSerializer.Deserialize<AnchorFile>(File.ReadAllText(path)) ?? throw new InvalidDataException($"The audit anchor {path} is empty.");
        return new AuditAnchor(document.Seq, Convert.FromHexString(document.Hash));
    }

    /// <summary>Replaces the file atomically (write aside, then rename), readable by the owner only.</summary>
    public void Save(string path)
    {
        var temporary = path + ".tmp";
        var json = JsonSerializer.Serialize(new AnchorFile(Seq, Convert.ToHexStringLower(Hash), DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture)));
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using (var stream = new FileStream(temporary, options))
        using (var writer = new StreamWriter(stream))
        {
            writer.Write(json);
        }

        File.Move(temporary, path, overwrite: true);
    }

    private sealed record AnchorFile(
        [property: System.Text.Json.Serialization.JsonPropertyName("seq")] long Seq,
        [property: System.Text.Json.Serialization.JsonPropertyName("hash")] string Hash,
        [property: System.Text.Json.Serialization.JsonPropertyName("at")] string At);
}
