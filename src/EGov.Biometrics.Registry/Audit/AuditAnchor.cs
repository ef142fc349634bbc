using System.Globalization;
using System.Text.Json;

namespace EGov.Biometrics.Registry.Audit;

/// <summary>
/// The audit chain's head (sequence number and hash) kept outside the database, so that deleting the newest
/// entries (which leaves a shorter chain that still verifies) is detected. The server rewrites it after
/// every commit (see <see cref="AuditAnchorWriter"/>); shipping it off the machine (syslog, a WORM store)
/// makes it stronger still.
/// </summary>
public sealed record AuditAnchor(long Seq, byte[] Hash)
{
    public static AuditAnchor? Load(string path)
    {
        if (!File.Exists(path))
        {
            return null;
        }

        // Empty like a missing file: the writer creates it at start and fills it at the first audited commit.
        var text = File.ReadAllText(path);
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        try
        {
            var document = JsonSerializer.Deserialize<AnchorFile>(text) ?? throw new InvalidDataException($"The audit anchor {path} holds no anchor.");
            return new AuditAnchor(document.Seq, Convert.FromHexString(document.Hash));
        }
        catch (Exception e) when (e is JsonException or FormatException or ArgumentNullException)
        {
            throw new InvalidDataException($"The audit anchor {path} is not an anchor ({e.Message}): restore it from a backup, or check the log with 'egov-bio audit verify'.", e);
        }
    }

    /// <summary>The anchor as its file holds it: JSON padded to a fixed size, so it can be rewritten in place.</summary>
    internal byte[] ToFileBytes()
    {
        var json = JsonSerializer.SerializeToUtf8Bytes(new AnchorFile(Seq, Convert.ToHexStringLower(Hash), DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture)));
        var padded = new byte[Math.Max(FileSize, json.Length)];
        padded.AsSpan().Fill((byte)' ');
        json.CopyTo(padded, 0);
        return padded;
    }

    internal const int FileSize = 256;

    private sealed record AnchorFile(
        [property: System.Text.Json.Serialization.JsonPropertyName("seq")] long Seq,
        [property: System.Text.Json.Serialization.JsonPropertyName("hash")] string Hash,
        [property: System.Text.Json.Serialization.JsonPropertyName("at")] string At);
}
