using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;

namespace EGov.Biometrics.Registry.Crypto;

/// <summary>
/// AES-256-GCM for templates at rest. The template's id, the subject's PINFL and the model id are bound as
/// associated data, so a ciphertext copied to another row (another subject's, or another template of the same
/// subject: a swap, or a rollback to an older template), or relabelled as another model, fails to decrypt.
/// Templates sealed before the id was bound ("v1") are opened only to be re-sealed (see <c>SubjectRegistry</c>).
/// </summary>
public sealed class TemplateCipher(KeyRing keys)
{
    private KeyRing _keys = keys;

    /// <summary>The ring in use now; new seals use its active key.</summary>
    public KeyRing Keys => Volatile.Read(ref _keys);

    /// <summary>
    /// Switches to <paramref name="ring"/> (key rotation, while running). It must keep every key of the current
    /// ring, so that nothing sealed already becomes unreadable, and the same audit key.
    /// </summary>
    public void Use(KeyRing ring)
    {
        // Compared with the ring it replaces in one step: two switches at once cannot lose a key.
        var current = Keys;
        while (true)
        {
            if (current.KeyIds.Any(id => !ring.KeyIds.Contains(id)) || !ring.AuditKey.AsSpan().SequenceEqual(current.AuditKey))
            {
                throw new ArgumentException("A new key ring must keep every template key and the audit key of the current one.", nameof(ring));
            }

            var seen = Interlocked.CompareExchange(ref _keys, ring, current);
            if (ReferenceEquals(seen, current))
            {
                return;
            }

            current = seen;
        }
    }

    public SealedTemplate Seal(ReadOnlySpan<float> vector, long templateId, string pinfl, string modelId) =>
        SealBytes(MemoryMarshal.AsBytes(vector), AssociatedData(templateId, pinfl, modelId));

    public float[] Open(SealedTemplate sealedTemplate, long templateId, string pinfl, string modelId) =>
        MemoryMarshal.Cast<byte, float>(OpenBytes(sealedTemplate, AssociatedData(templateId, pinfl, modelId), $"Template {templateId} of {pinfl} ({modelId})")).ToArray();

    /// <summary>Opens a template sealed before its id was bound: only to re-seal it.</summary>
    internal float[] OpenVersion1(SealedTemplate sealedTemplate, string pinfl, string modelId) =>
        MemoryMarshal.Cast<byte, float>(OpenBytes(sealedTemplate, Encoding.UTF8.GetBytes($"egov-template-v1\n{pinfl}\n{modelId}"), $"A v1 template of {pinfl} ({modelId})")).ToArray();

    /// <summary>Seals a face image (stored only when configured), bound to its subject and template.</summary>
    public SealedTemplate SealImage(ReadOnlySpan<byte> image, string pinfl, long templateId) =>
        SealBytes(image, ImageAssociatedData(pinfl, templateId));

    public byte[] OpenImage(SealedTemplate sealedImage, string pinfl, long templateId) =>
        OpenBytes(sealedImage, ImageAssociatedData(pinfl, templateId), $"The image of template {templateId} ({pinfl})");

    private SealedTemplate SealBytes(ReadOnlySpan<byte> plaintext, byte[] associatedData)
    {
        var nonce = RandomNumberGenerator.GetBytes(AesGcm.NonceByteSizes.MaxSize);
        var ciphertext = new byte[plaintext.Length];
        var tag = new byte[AesGcm.TagByteSizes.MaxSize];
        var keys = Keys;
        using var aes = new AesGcm(keys.Key(keys.ActiveKeyId), tag.Length);
        aes.Encrypt(nonce, plaintext, ciphertext, tag, associatedData);
        return new SealedTemplate(keys.ActiveKeyId, nonce, ciphertext, tag);
    }

    private byte[] OpenBytes(SealedTemplate sealedData, byte[] associatedData, string what)
    {
        if (sealedData.Tag.Length != AesGcm.TagByteSizes.MaxSize || sealedData.Nonce.Length != AesGcm.NonceByteSizes.MaxSize)
        {
            throw new CryptographicException($"{what} has a truncated nonce or tag.");
        }

        var plaintext = new byte[sealedData.Ciphertext.Length];
        try
        {
            using var aes = new AesGcm(Keys.Key(sealedData.KeyId), sealedData.Tag.Length);
            aes.Decrypt(sealedData.Nonce, sealedData.Ciphertext, sealedData.Tag, plaintext, associatedData);
        }
        catch (AuthenticationTagMismatchException e)
        {
            throw new CryptographicException($"{what} failed authentication: it was altered, moved, or sealed with another key.", e);
        }

        return plaintext;
    }

    private static byte[] AssociatedData(long templateId, string pinfl, string modelId) => Encoding.UTF8.GetBytes($"egov-template-v2\n{templateId}\n{pinfl}\n{modelId}");

    private static byte[] ImageAssociatedData(string pinfl, long templateId) => Encoding.UTF8.GetBytes($"egov-image-v1\n{pinfl}\n{templateId}");
}
