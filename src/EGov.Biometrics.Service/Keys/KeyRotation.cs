using EGov.Biometrics.Registry.Audit;
using EGov.Biometrics.Registry.Crypto;
using EGov.Biometrics.Registry.Subjects;
using EGov.Biometrics.Service.Access;

namespace EGov.Biometrics.Service.Keys;

/// <summary>
/// Template-key rotation while the service runs. Where the ring lives in a key file, a new key is generated,
/// saved (durably, before anything is sealed with it) and made active; then every template and image still
/// under an older key is re-encrypted in small batches, so enrolments and decisions go on meanwhile. Where
/// the ring comes from the environment, the operator adds the new active key there and restarts; a rotation
/// then only re-encrypts. A rotation that stopped part-way is resumed under its key. One rotation at a time;
/// the new key and the finished rotation are each audited under the caller.
/// </summary>
public sealed class KeyRotation(SubjectRegistry registry, TemplateCipher cipher, KeyRingFile? keyFile)
{
    private readonly SemaphoreSlim _one = new(1, 1);

    public async Task<KeyRotationResult> RotateAsync(Caller caller, int batchSize = 256, CancellationToken cancel = default)
    {
        if (!await _one.WaitAsync(TimeSpan.Zero, cancel).ConfigureAwait(false))
        {
            throw new Failures.PreconditionFailedException("A key rotation is already running.");
        }

        try
        {
            // An earlier rotation that stopped part-way (a crash, a cancel) is finished under its key, not given another.
            var unfinished = registry.TemplatesByKey().Keys.Any(id => id != cipher.Keys.ActiveKeyId);
            var generated = false;
            if (keyFile is not null && !unfinished)
            {
                var ring = cipher.Keys.WithNewActiveKey(NextKeyId(cipher.Keys));
                keyFile.Save(ring);
                cipher.Use(ring);
                generated = true;
                await registry.RecordAsync(new AuditEntry(caller.Id, caller.Role, caller.Desk, "add-template-key", string.Empty, $"{ring.ActiveKeyId} active")).ConfigureAwait(false);
            }

            var audit = new AuditEntry(caller.Id, caller.Role, caller.Desk, "rotate-keys", string.Empty, string.Empty);
            var templates = await registry.RotateKeysAsync(audit, batchSize, cancel).ConfigureAwait(false);
            return new KeyRotationResult(cipher.Keys.ActiveKeyId, generated, templates);
        }
        finally
        {
            _one.Release();
        }
    }

    /// <summary>"k" and one more than the highest number among the ring's "kN" ids.</summary>
    public static string NextKeyId(KeyRing ring)
    {
        var highest = ring.KeyIds.Select(id => id.Length > 1 && id[0] == 'k' && int.TryParse(id.AsSpan(1), out var n) ? n : 0).DefaultIfEmpty(0).Max();
        return $"k{highest + 1}";
    }
}
