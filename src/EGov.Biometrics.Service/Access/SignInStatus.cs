namespace EGov.Biometrics.Service.Access;

/// <summary>How a sign-in ended. Unknown user, wrong password and disabled account are one status, on purpose.</summary>
public enum SignInStatus
{
    SignedIn,
    WrongCredentials,
    LockedOut,
}
