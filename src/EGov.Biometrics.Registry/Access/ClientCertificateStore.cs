using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography.X509Certificates;
using System.Security.Cryptography;
using EGov.Biometrics.Registry.Storage;

namespace EGov.Biometrics.Registry.Access;

/// <summary>
/// Client certificates admitted by their SHA-256 fingerprint, each with one role. Devices carry self-signed
/// certificates, so trust is the registration itself, not a chain: an unregistered or revoked certificate
/// opens nothing. Lookups are cached like API keys; a revocation here takes effect at once.
/// </summary>
public sealed class ClientCertificateStore(RegistryDatabase database)
{
    /// <summary>A certificate's identity is this prefix and its whole SHA-256 fingerprint.</summary>
    public const string IdentityPrefix = "cert:";

    private readonly ConcurrentDictionary<string, (ApiKeyIdentity Identity, DateTime Expires)> _verified = new(StringComparer.Ordinal);

    public static string Fingerprint(X509Certificate2 certificate) => Convert.ToHexStringLower(certificate.GetCertHash(HashAlgorithmName.SHA256));

    /// <summary>Registers a certificate (DER or PEM bytes) for <paramref name="role"/>, bound to <paramref name="desk"/> if one is named; returns its fingerprint.</summary>
    public string Register(ReadOnlySpan<byte> certificate, string role, string name, string desk = "")
    {
        desk = ApiKeyIdentity.RequireDesk(desk);
        ArgumentException.ThrowIfNullOrEmpty(role);

        X509Certificate2 parsed;
        try
        {
            parsed = X509CertificateLoader.LoadCertificate(certificate.IndexOf("-----BEGIN"u8) >= 0 ? PemToDer(certificate) : certificate.ToArray());
        }
        catch (CryptographicException e)
        {
            throw new ArgumentException($"Not an X.509 certificate (DER or PEM): {e.Message}", nameof(certificate), e);
        }

        using (parsed)
        {
            var fingerprint = Fingerprint(parsed);
            using var connection = database.Open();
            using var insert = connection.CreateCommand();
            insert.CommandText = """
                INSERT INTO client_certificates (fingerprint, role, name, desk, created_at) VALUES (@fp, @role, @name, @desk, @at)
                ON CONFLICT(fingerprint) DO UPDATE SET role = excluded.role, name = excluded.name, desk = excluded.desk, revoked_at = NULL
                """;
            insert.AddParameter("@fp", fingerprint);
            insert.AddParameter("@role", role);
            insert.AddParameter("@name", name);
            insert.AddParameter("@desk", desk);
            insert.AddParameter("@at", DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture));
            insert.ExecuteNonQuery();
            _verified.TryRemove(fingerprint, out _);
            return fingerprint;
        }
    }

    /// <summary>
    /// The identity of a presented certificate, or null when it is unregistered, revoked or expired. With
    /// <paramref name="lookUp"/> false only certificates verified recently (cached) are recognised: no database query.
    /// </summary>
    public ApiKeyIdentity? Authenticate(X509Certificate2? certificate, bool lookUp = true)
    {
        if (certificate is null || certificate.NotAfter < DateTime.Now || certificate.NotBefore > DateTime.Now)
        {
            return null;
        }

        var fingerprint = Fingerprint(certificate);
        if (_verified.TryGetValue(fingerprint, out var cached) && cached.Expires > DateTime.UtcNow)
        {
            return cached.Identity;
        }

        if (!lookUp)
        {
            return null;
        }

        using var connection = database.Open();
        using var query = connection.CreateCommand();
        query.CommandText = "SELECT role, desk FROM client_certificates WHERE fingerprint = @fp AND revoked_at IS NULL";
        query.AddParameter("@fp", fingerprint);
        using var reader = query.ExecuteReader();
        if (!reader.Read())
        {
            return null;
        }

        var identity = new ApiKeyIdentity($"{IdentityPrefix}{fingerprint}", reader.GetString(0), reader.GetString(1));
        _verified[fingerprint] = (identity, DateTime.UtcNow + ApiKeyStore.CacheFor);
        return identity;
    }

    /// <summary>Whether the certificate behind <paramref name="identityId"/> ("cert:" and its fingerprint) is still registered and unrevoked.</summary>
    public bool IsActive(string identityId)
    {
        if (!identityId.StartsWith(IdentityPrefix, StringComparison.Ordinal))
        {
            return false;
        }

        var fingerprint = identityId[IdentityPrefix.Length..];
        if (_verified.TryGetValue(fingerprint, out var cached) && cached.Expires > DateTime.UtcNow)
        {
            return true;
        }

        using var connection = database.Open();
        using var query = connection.CreateCommand();
        query.CommandText = "SELECT 1 FROM client_certificates WHERE fingerprint = @fp AND revoked_at IS NULL";
        query.AddParameter("@fp", fingerprint);
        return query.ExecuteScalar() is not null;
    }

    public bool Revoke(string fingerprint)
    {
        fingerprint = fingerprint.Replace(":", string.Empty, StringComparison.Ordinal).ToLowerInvariant();
        bool revoked;
        using (var connection = database.Open())
        using (var update = connection.CreateCommand())
        {
            update.CommandText = "UPDATE client_certificates SET revoked_at = @at WHERE fingerprint = @fp AND revoked_at IS NULL";
            update.AddParameter("@fp", fingerprint);
            update.AddParameter("@at", DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture));
            revoked = update.ExecuteNonQuery() > 0;
        }

        _verified.TryRemove(fingerprint, out _);
        return revoked;
    }

    private static byte[] PemToDer(ReadOnlySpan<byte> pem)
    {
        var text = System.Text.Encoding.ASCII.GetString(pem);
        var fields = PemEncoding.Find(text);
        return Convert.FromBase64String(text[fields.Base64Data]);
    }
}
