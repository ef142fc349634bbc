namespace EGov.Biometrics.Service.Access;

/// <summary>An authenticated API key or client certificate: its public id, its role, and the desk it is bound to (empty: none).</summary>
public sealed record Credential(string Id, string Role, string BoundDesk);
