namespace EGov.Biometrics.Service.Desks;

/// <summary>Crops aligned for a model this server does not embed: the server's configuration, not the capture's fault, so the agent keeps it (FailedPrecondition).</summary>
public sealed class ModelNotServedException : Exception
{
    public ModelNotServedException()
    {
    }

    public ModelNotServedException(string message)
        : base(message)
    {
    }

    public ModelNotServedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
