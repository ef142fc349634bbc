namespace EGov.Biometrics.Server.Security;

/// <summary>An address has failed authentication too often; it is refused until its budget refills (ResourceExhausted).</summary>
internal sealed class AuthenticationFloodException : Exception
{
    public AuthenticationFloodException()
        : base(FailedAuthenticationLimiter.Message)
    {
    }

    public AuthenticationFloodException(string message)
        : base(message)
    {
    }

    public AuthenticationFloodException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
