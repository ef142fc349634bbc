namespace EGov.Biometrics.Registry.Access;

/// <summary>An authenticated caller: its public id, its role, and the desk it is bound to (empty: none).</summary>
public sealed record ApiKeyIdentity(string KeyId, string Role, string Desk = "")
{
    /// <summary>Checks a desk binding's name: 1 to 64 characters, or empty for none.</summary>
    public static string RequireDesk(string? desk) =>
        desk is null or { Length: <= 64 } ? desk ?? string.Empty : throw new ArgumentException($"A desk name is at most 64 characters, got {desk.Length}.", nameof(desk));
}
