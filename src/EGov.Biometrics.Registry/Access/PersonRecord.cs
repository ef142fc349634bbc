namespace EGov.Biometrics.Registry.Access;

/// <summary>
/// A person who signs in to the web console, as stored: the password only as its hash, the consecutive failed
/// sign-ins, the lockout's end (null: not locked) and the security stamp every session cookie carries.
/// </summary>
public sealed record PersonRecord(
    string Username,
    string Role,
    string Desk,
    string Language,
    string PasswordHash,
    bool Disabled,
    int FailedCount,
    DateTimeOffset? LockedUntil,
    string SecurityStamp,
    DateTimeOffset CreatedAt);
