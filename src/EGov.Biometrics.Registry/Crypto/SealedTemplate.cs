namespace EGov.Biometrics.Registry.Crypto;

/// <summary>An encrypted template as stored: which key, the nonce, the ciphertext and the authentication tag.</summary>
public sealed record SealedTemplate(string KeyId, byte[] Nonce, byte[] Ciphertext, byte[] Tag);
