using System.Globalization;
using System.Text.Json;

namespace EGov.Biometrics.Registry.Audit;

/// <summary>
/// The audit chain's head (sequence number and hash) kept outside the database, so that deleting the newest
/// entries (which leaves a shorter chain that still verifies) is detected. The server writes it from its first
/// start (seq 0: an empty log) and after every commit (see <see cref="AuditAnchorWriter"/>), each time
/// replacing the file durably; a witness copy on another volume (see <see cref="AuditAnchorFiles"/>) means
/// both must be rolled back to hide a cut.
/// </summary>
public sealed record AuditAnchor(long Seq, byte[] Hash)
{
    /// <summary>What an empty log's anchor records: nothing yet, and nothing may be missing.</summary>
    public static AuditAnchor Empty { get; } = new(0, new byte[32]);

    /// <summary>The anchor in <paramref name="path"/>; null when the file is missing or empty (0 bytes, blanks).</summary>
    /// <exception cref="InvalidDataException">The file holds something that is not an anchor; the message names it.</exception>
    public static AuditAnchor? Load(string path)
    {
        if (!File.Exists(path))
        {
            return null;
        }

        var text = File.ReadAllText(path);
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        try
        {
            var document = JsonSerializer.Deserialize<AnchorFile>(text) ?? throw new JsonException("it holds null");
            var hash = Convert.FromHexString(document.Hash ?? throw new JsonException("it has no hash"));
            if (document.Seq < 0 || hash.Length != 32)
            {
                throw new JsonException($"seq {document.Seq} with a {hash.Length}-byte hash");
            }

            return new AuditAnchor(document.Seq, hash);
        }
        catch (Exception e) when (e is JsonException or FormatException)
        {
            throw new InvalidDataException($"The audit anchor {path} is not an anchor ({e.Message}): restore it from its witness copy or a backup, or check the log with 'egov-bio audit verify'.", e);
        }
    }

    /// <summary>The anchor as its file holds it (JSON).</summary>
    internal byte[] ToFileBytes() =>
        JsonSerializer.SerializeToUtf8Bytes(new AnchorFile(Seq, Convert.ToHexStringLower(Hash), DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture)));

    private sealed record AnchorFile(
        [property: System.Text.Json.Serialization.JsonPropertyName("seq")] long Seq,
        [property: System.Text.Json.Serialization.JsonPropertyName("hash")] string? Hash,
        [property: System.Text.Json.Serialization.JsonPropertyName("at")] string? At);
}
