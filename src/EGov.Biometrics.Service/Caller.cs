namespace EGov.Biometrics.Service;

/// <summary>Who asks: an authenticated identity, its role and the desk it acts for. Every decision records it.</summary>
public sealed record Caller(string Id, string Role, string Desk);
