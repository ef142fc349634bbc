namespace EGov.Biometrics.Service;

/// <summary>
/// Who asks: an authenticated identity, its role and the desk it acts for. Every decision records it.
/// <see cref="DeskBound"/>: the credential itself is bound to that desk (not just a header the caller sent).
/// </summary>
public sealed record Caller(string Id, string Role, string Desk, bool DeskBound = false);
