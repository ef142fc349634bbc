namespace EGov.Biometrics.Service.Decisions;

/// <summary>A credential refused further attempts against a PINFL: who, at which desk, and when it was last refused.</summary>
public sealed record ThrottledCredential(string CredentialId, string Role, string Desk, DateTimeOffset At);
