using EGov.Biometrics.Registry.Access;

namespace EGov.Biometrics.Service.Access;

/// <summary>
/// Who asks: an authenticated credential, its role and the desk it acts for. Every decision records it.
/// <see cref="DeskBound"/>: the credential itself is bound to that desk (not just a header the caller sent).
/// </summary>
public sealed record Caller(string Id, string Role, string Desk, bool DeskBound = false)
{
    public const int MaxDeskLength = ApiKeyIdentity.MaxDeskLength;

    /// <summary>
    /// The caller a credential makes when it names <paramref name="requestedDesk"/> (empty: none). A credential
    /// bound to a desk acts as that desk only: a device key copied to another desk opens nothing there. The named
    /// desk is checked like every desk name before it reaches the audit (an unbound key's header is free text otherwise).
    /// </summary>
    public static Caller For(Credential credential, string? requestedDesk)
    {
        var desk = ApiKeyIdentity.RequireDesk(requestedDesk);
        if (credential.BoundDesk.Length == 0)
        {
            return new Caller(credential.Id, credential.Role, desk);
        }

        return desk.Length == 0 || desk == credential.BoundDesk
            ? new Caller(credential.Id, credential.Role, credential.BoundDesk, DeskBound: true)
            : throw new AccessDeniedException($"This credential belongs to desk '{credential.BoundDesk}', not '{desk}'.");
    }

    /// <summary>Refuses a desk-bound caller acting at another desk.</summary>
    public void RequireDesk(string desk)
    {
        if (DeskBound && desk != Desk)
        {
            throw new AccessDeniedException($"This credential belongs to desk '{Desk}'; it cannot act at '{Text.Bounded(desk, MaxDeskLength)}'.");
        }
    }
}
