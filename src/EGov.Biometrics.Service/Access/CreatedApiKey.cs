namespace EGov.Biometrics.Service.Access;

/// <summary>A new API key, shown once (only its hash is stored), and its public id.</summary>
public sealed record CreatedApiKey(string Key, string KeyId);
