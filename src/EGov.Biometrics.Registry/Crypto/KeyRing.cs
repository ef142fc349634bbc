using System.Text.Json;

namespace EGov.Biometrics.Registry.Crypto;

/// <summary>
/// The template-encryption keys: 256-bit AES keys by id, one of them active for new writes. Old keys stay
/// so that existing templates decrypt until <c>RotateKeys</c> has re-encrypted them. The ring also holds the
/// audit log's MAC key, so whoever can write the database still cannot forge or re-chain audit entries.
/// Loaded from a key file or an environment variable, never from the repository:
/// <c>{"active":"k2","keys":{"k1":"base64…","k2":"base64…"},"audit":"base64…"}</c>.
/// </summary>
public sealed class KeyRing
{
    public const string EnvironmentVariable = "EGOV_REGISTRY_KEYS";

    private readonly Dictionary<string, byte[]> _keys;

    /// <param name="auditKey">The audit MAC key (256 bits); a new random one when null (a new ring).</param>
    public KeyRing(string activeKeyId, IReadOnlyDictionary<string, byte[]> keys, byte[]? auditKey = null)
    {
        if (auditKey is { Length: not 32 })
        {
            throw new ArgumentException($"The audit key is {auditKey.Length * 8} bits; it must be 256.", nameof(auditKey));
        }

        if (!keys.ContainsKey(activeKeyId))
        {
            throw new ArgumentException($"The active key '{activeKeyId}' is not in the key ring.", nameof(activeKeyId));
        }

        foreach (var (id, key) in keys)
        {
            if (key.Length != 32)
            {
                throw new ArgumentException($"Key '{id}' is {key.Length * 8} bits; template keys are 256 bits.", nameof(keys));
            }
        }

        ActiveKeyId = activeKeyId;
        _keys = keys.ToDictionary(kv => kv.Key, kv => kv.Value.ToArray());
        AuditKey = auditKey?.ToArray() ?? System.Security.Cryptography.RandomNumberGenerator.GetBytes(32);
    }

    /// <summary>The key of the audit chain's HMAC; it never changes with template-key rotation.</summary>
    public byte[] AuditKey { get; }

    public string ActiveKeyId { get; }

    public IReadOnlyCollection<string> KeyIds => _keys.Keys;

    public byte[] Key(string id) =>
        _keys.TryGetValue(id, out var key) ? key : throw new KeyNotFoundException($"Template key '{id}' is not in the key ring; it is needed to decrypt.");

    /// <summary>A ring with one fresh random key.</summary>
    public static KeyRing Generate(string id = "k1") => new(id, new Dictionary<string, byte[]> { [id] = System.Security.Cryptography.RandomNumberGenerator.GetBytes(32) });

    public static KeyRing Parse(string json)
    {
        KeyFile? document;
        try
        {
            document = string.IsNullOrWhiteSpace(json) ? null : JsonSerializer.Deserialize<KeyFile>(json, new JsonSerializerOptions { PropertyNameCaseInsensitive = true });
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"The key ring is not valid JSON ({e.Message}).", e);
        }

        if (document is null)
        {
            throw new InvalidDataException("The key ring is empty.");
        }

        if (string.IsNullOrEmpty(document.Audit))
        {
            throw new InvalidDataException("The key file has no \"audit\" key; the audit chain cannot be written or checked without it.");
        }

        if (document.Keys is not { Count: > 0 } || string.IsNullOrEmpty(document.Active))
        {
            throw new InvalidDataException("The key ring names no template keys, or no active one.");
        }

        try
        {
            return new KeyRing(document.Active, document.Keys.ToDictionary(kv => kv.Key, kv => Convert.FromBase64String(kv.Value)), Convert.FromBase64String(document.Audit));
        }
        catch (FormatException e)
        {
            throw new InvalidDataException($"A key in the key ring is not base64 ({e.Message}).", e);
        }
    }

    public string ToJson() => JsonSerializer.Serialize(new KeyFile(ActiveKeyId, _keys.ToDictionary(kv => kv.Key, kv => Convert.ToBase64String(kv.Value)), Convert.ToBase64String(AuditKey)));

    /// <summary>This ring plus a new random key, which becomes the active one.</summary>
    public KeyRing WithNewActiveKey(string id)
    {
        var keys = new Dictionary<string, byte[]>(_keys) { [id] = System.Security.Cryptography.RandomNumberGenerator.GetBytes(32) };
        return new KeyRing(id, keys, AuditKey);
    }

    private sealed record KeyFile(string Active, Dictionary<string, string> Keys, string? Audit);
}
