namespace EGov.Biometrics.Service.Access;

/// <summary>
/// A person who signs in to the web console (never the password or its hash). <see cref="SecurityStamp"/>
/// changes when the person is disabled or the password reset: session cookies carrying the old one stop working.
/// </summary>
public sealed record Person(string Username, string Role, string Desk, string Language, bool Disabled, DateTimeOffset? LockedUntil, string SecurityStamp)
{
    /// <summary>What a person's credential id (and the caller of their own audited events) starts with.</summary>
    public const string IdPrefix = "user:";

    /// <summary>The credential the person acts under: their role, bound to their desk when they have one.</summary>
    public Credential Credential => new(IdPrefix + Username, Role, Desk);
}
