namespace EGov.Biometrics.Service.Keys;

/// <summary>The key now active, whether this rotation generated it, and how many templates were re-encrypted under it.</summary>
public sealed record KeyRotationResult(string ActiveKeyId, bool GeneratedKey, int ReencryptedTemplates);
