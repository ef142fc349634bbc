namespace EGov.Biometrics.Service.Failures;

/// <summary>The request is well-formed but the service is not in a state to do it now (FailedPrecondition).</summary>
public sealed class PreconditionFailedException : Exception
{
    public PreconditionFailedException()
    {
    }

    public PreconditionFailedException(string message)
        : base(message)
    {
    }

    public PreconditionFailedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
