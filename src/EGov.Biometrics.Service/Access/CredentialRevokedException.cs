namespace EGov.Biometrics.Service.Access;

/// <summary>The credential that opened a long-lived call was revoked since: the call ends (Unauthenticated).</summary>
public sealed class CredentialRevokedException : Exception
{
    public CredentialRevokedException()
    {
    }

    public CredentialRevokedException(string message)
        : base(message)
    {
    }

    public CredentialRevokedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
