using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using EGov.Biometrics.Registry.Storage;

namespace EGov.Biometrics.Registry.Access;

/// <summary>
/// API keys of the form <c>egov_ID_SECRET</c>. Only the SHA-256 of the whole key is stored, so a copy of
/// the database yields no usable key; comparison is constant-time. Every RPC authenticates, so a verified
/// key is remembered for <see cref="CacheFor"/>; a revocation through this store takes effect at once.
/// </summary>
public sealed class ApiKeyStore(RegistryDatabase database)
{
    public static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(60);

    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, (ApiKeyIdentity Identity, DateTime Expires)> _verified = new(StringComparer.Ordinal);
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, DateTime> _active = new(StringComparer.Ordinal);

    // Ids of keys that authenticated since start (until revoked): under a flood these are still looked up.
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, bool> _knownIds = new(StringComparer.Ordinal);

    /// <summary>Creates a key for <paramref name="role"/> (the domain checks roles), bound to <paramref name="desk"/> if one is named, and returns it; it cannot be read back later.
    /// <paramref name="keepFirst"/>, when given, receives the key before it is stored (a key kept only after its row is
    /// written is lost by a crash between the two).</summary>
    public string Create(string role, string desk = "", Action<string>? keepFirst = null)
    {
        desk = ApiKeyIdentity.RequireDesk(desk);
        ArgumentException.ThrowIfNullOrEmpty(role);

        var id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6));
        var key = $"egov_{id}_{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32))}";
        keepFirst?.Invoke(key);
        using var connection = database.Open();
        using var insert = connection.CreateCommand();
        insert.CommandText = "INSERT INTO api_keys (id, hash, role, desk, created_at) VALUES (@id, @hash, @role, @desk, @at)";
        insert.AddParameter("@desk", desk);
        insert.AddParameter("@id", id);
        insert.AddParameter("@hash", Hash(key));
        insert.AddParameter("@role", role);
        insert.AddParameter("@at", DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture));
        insert.ExecuteNonQuery();
        return key;
    }

    /// <summary>
    /// The identity of a presented key, or null when it is unknown, revoked or malformed. With
    /// <paramref name="lookUp"/> false only keys verified recently (cached), or whose id authenticated before,
    /// are recognised: a guessed key costs no database query.
    /// </summary>
    public ApiKeyIdentity? Authenticate(string? key, bool lookUp = true)
    {
        var parts = key?.Split('_');
        if (parts is not ["egov", { Length: 12 } id, { Length: > 0 }])
        {
            return null;
        }

        var hash = Hash(key!);
        var cacheKey = Convert.ToHexString(hash);
        if (_verified.TryGetValue(cacheKey, out var cached) && cached.Expires > DateTime.UtcNow)
        {
            return cached.Identity;
        }

        if (!lookUp && !_knownIds.ContainsKey(id))
        {
            return null;
        }

        using var connection = database.Open();
        using var query = connection.CreateCommand();
        query.CommandText = "SELECT hash, role, desk FROM api_keys WHERE id = @id AND revoked_at IS NULL";
        query.AddParameter("@id", id);
        using var reader = query.ExecuteReader();
        if (!reader.Read() || !CryptographicOperations.FixedTimeEquals((byte[])reader[0], hash))
        {
            return null;
        }

        var identity = new ApiKeyIdentity(id, reader.GetString(1), reader.GetString(2));
        _knownIds[id] = true;
        _verified[cacheKey] = (identity, DateTime.UtcNow + CacheFor);
        return identity;
    }

    /// <summary>Whether the key with this public id exists and is not revoked (long-lived streams re-check it; cached like keys).</summary>
    public bool IsActive(string keyId)
    {
        if (_active.TryGetValue(keyId, out var expires) && expires > DateTime.UtcNow)
        {
            return true;
        }

        if (!IsActiveInDatabase(keyId))
        {
            return false;
        }

        _active[keyId] = DateTime.UtcNow + CacheFor;
        return true;
    }

    private bool IsActiveInDatabase(string keyId)
    {
        using var connection = database.Open();
        using var query = connection.CreateCommand();
        query.CommandText = "SELECT 1 FROM api_keys WHERE id = @id AND revoked_at IS NULL";
        query.AddParameter("@id", keyId);
        return query.ExecuteScalar() is not null;
    }

    public bool Revoke(string keyId)
    {
        bool revoked;
        using (var connection = database.Open())
        using (var update = connection.CreateCommand())
        {
            update.CommandText = "UPDATE api_keys SET revoked_at = @at WHERE id = @id AND revoked_at IS NULL";
            update.AddParameter("@id", keyId);
            update.AddParameter("@at", DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture));
            revoked = update.ExecuteNonQuery() > 0;
        }

        // After the database: a check that read the row before the update cannot re-cache the key afterwards.
        _active.TryRemove(keyId, out _);
        _knownIds.TryRemove(keyId, out _);
        foreach (var entry in _verified.Where(e => e.Value.Identity.KeyId == keyId).ToList())
        {
            _verified.TryRemove(entry.Key, out _);
        }

        return revoked;
    }

    private static byte[] Hash(string key) => SHA256.HashData(Encoding.UTF8.GetBytes(key));
}
