namespace EGov.Biometrics.Service.Access;

/// <summary>A sign-in's outcome: the person when signed in, and the message to show either way.</summary>
public sealed record SignInResult(SignInStatus Status, Person? Person, string Message)
{
    /// <summary>Whole minutes until a locked account may try again (0 unless <see cref="SignInStatus.LockedOut"/>).</summary>
    public int LockedMinutes { get; init; }
}
