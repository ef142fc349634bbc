using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;

namespace EGov.Biometrics.Registry.Crypto;

/// <summary>An encrypted template as stored: which key, the nonce, the ciphertext and the authentication tag.</summary>
public sealed record SealedTemplate(string KeyId, byte[] Nonce, byte[] Ciphertext, byte[] Tag);

/// <summary>
/// AES-256-GCM for templates at rest. The subject's PINFL and the model id are bound as associated data,
/// so a ciphertext copied to another subject's row, or relabelled as another model, fails to decrypt.
/// </summary>
public sealed class TemplateCipher(KeyRing keys)
{
    public KeyRing Keys { get; } = keys;

    public SealedTemplate Seal(ReadOnlySpan<float> vector, string pinfl, string modelId)
    {
        var plaintext = MemoryMarshal.AsBytes(vector);
        var nonce = RandomNumberGenerator.GetBytes(AesGcm.NonceByteSizes.MaxSize);
        var ciphertext = new byte[plaintext.Length];
        var tag = new byte[AesGcm.TagByteSizes.MaxSize];
        using var aes = new AesGcm(Keys.Key(Keys.ActiveKeyId), tag.Length);
        aes.Encrypt(nonce, plaintext, ciphertext, tag, AssociatedData(pinfl, modelId));
        return new SealedTemplate(Keys.ActiveKeyId, nonce, ciphertext, tag);
    }

    public float[] Open(SealedTemplate sealedTemplate, string pinfl, string modelId)
    {
        if (sealedTemplate.Tag.Length != AesGcm.TagByteSizes.MaxSize || sealedTemplate.Nonce.Length != AesGcm.NonceByteSizes.MaxSize)
        {
            throw new CryptographicException($"A template of {pinfl} ({modelId}) has a truncated nonce or tag.");
        }

        var plaintext = new byte[sealedTemplate.Ciphertext.Length];
        try
        {
            using var aes = new AesGcm(Keys.Key(sealedTemplate.KeyId), sealedTemplate.Tag.Length);
            aes.Decrypt(sealedTemplate.Nonce, sealedTemplate.Ciphertext, sealedTemplate.Tag, plaintext, AssociatedData(pinfl, modelId));
        }
        catch (AuthenticationTagMismatchException e)
        {
            throw new CryptographicException($"A template of {pinfl} ({modelId}) failed authentication: it was altered, moved, or sealed with another key.", e);
        }

        return MemoryMarshal.Cast<byte, float>(plaintext).ToArray();
    }

    private static byte[] AssociatedData(string pinfl, string modelId) => Encoding.UTF8.GetBytes($"egov-template-v1\n{pinfl}\n{modelId}");
}
