using System.Security.Cryptography.X509Certificates;
using EGov.Biometrics.Registry.Access;
using EGov.Biometrics.Registry.Audit;
using EGov.Biometrics.Registry.Subjects;
using EGov.Biometrics.Service.Desks;

namespace EGov.Biometrics.Service.Access;

/// <summary>
/// API keys and client certificates: who may be admitted, and the audited changes to that. Front ends
/// authenticate through <see cref="Authenticate(string)"/> and <see cref="Authenticate(X509Certificate2)"/>;
/// a revocation takes effect at once (the stores' caches drop the credential, and a desk stream open under it is
/// ended by the revoker, not at the agent's next message: an agent that sends nothing learns it at once too).
/// </summary>
public sealed class Credentials(ApiKeyStore keys, ClientCertificateStore certificates, SubjectRegistry registry, DeskHub desks)
{
    public const int MaxCertificateNameLength = 128;
    private const string KeyPrefix = "key:";

    /// <param name="lookUp">False: recognise only keys verified recently, without touching the database (under a flood).</param>
    public Credential? Authenticate(string apiKey, bool lookUp = true) => keys.Authenticate(apiKey, lookUp) is { } identity ? From(identity, KeyPrefix + identity.KeyId) : null;

    /// <param name="lookUp">False: recognise only certificates verified recently, without touching the database (under a flood).</param>
    public Credential? Authenticate(X509Certificate2 certificate, bool lookUp = true) => certificates.Authenticate(certificate, lookUp) is { } identity ? From(identity, identity.KeyId) : null;

    /// <summary>Whether the credential with this id is still admitted (not revoked since it authenticated): long-lived streams ask.</summary>
    public bool IsActive(string credentialId) => credentialId.StartsWith(KeyPrefix, StringComparison.Ordinal)
        ? keys.IsActive(credentialId[KeyPrefix.Length..])
        : certificates.IsActive(credentialId);

    /// <summary>Creates an API key for <paramref name="role"/> (bound to <paramref name="desk"/> when one is named); the key is returned once.</summary>
    public async Task<CreatedApiKey> CreateApiKeyAsync(string role, string desk, Caller caller)
    {
        var key = keys.Create(Roles.Require(role), desk);
        var keyId = key.Split('_')[1];
        await registry.RecordAsync(Audit(caller, "create-api-key", $"key:{keyId}", role, desk.Length > 0 ? $"bound to desk {desk}" : string.Empty)).ConfigureAwait(false);
        return new CreatedApiKey(key, keyId);
    }

    public async Task<bool> RevokeApiKeyAsync(string keyId, Caller caller)
    {
        var revoked = keys.Revoke(keyId);
        desks.EndSessionsOf(KeyPrefix + keyId);
        await registry.RecordAsync(Audit(caller, "revoke-api-key", $"key:{keyId}", revoked ? "revoked" : "not-found")).ConfigureAwait(false);
        return revoked;
    }

    /// <summary>Admits a client certificate (DER or PEM) by its SHA-256 fingerprint; returns the fingerprint.</summary>
    public async Task<string> RegisterCertificateAsync(ReadOnlyMemory<byte> certificate, string role, string name, string desk, Caller caller)
    {
        if (name.Length > MaxCertificateNameLength)
        {
            throw new ArgumentException($"A certificate name is at most {MaxCertificateNameLength} characters.", nameof(name));
        }

        var fingerprint = certificates.Register(certificate.Span, Roles.Require(role), name, desk);
        await registry.RecordAsync(Audit(caller, "register-client-certificate", $"cert:{fingerprint}", role, name)).ConfigureAwait(false);
        return fingerprint;
    }

    public async Task<bool> RevokeCertificateAsync(string fingerprint, Caller caller)
    {
        var revoked = certificates.Revoke(fingerprint);
        desks.EndSessionsOf(ClientCertificateStore.IdentityPrefix + fingerprint.Replace(":", string.Empty, StringComparison.Ordinal).ToLowerInvariant());
        await registry.RecordAsync(Audit(caller, "revoke-client-certificate", $"cert:{fingerprint}", revoked ? "revoked" : "not-found")).ConfigureAwait(false);
        return revoked;
    }

    private static Credential From(ApiKeyIdentity identity, string id) => new(id, identity.Role, identity.Desk);

    private static AuditEntry Audit(Caller caller, string action, string subject, string decision, string details = "") =>
        new(caller.Id, caller.Role, caller.Desk, action, subject, decision, Details: details);
}
