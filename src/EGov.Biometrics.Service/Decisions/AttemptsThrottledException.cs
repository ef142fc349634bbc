namespace EGov.Biometrics.Service.Decisions;

/// <summary>Too many failed decisions against one PINFL from one credential: ResourceExhausted, naming the wait.</summary>
public sealed class AttemptsThrottledException : Exception
{
    public AttemptsThrottledException()
    {
    }

    public AttemptsThrottledException(string message)
        : base(message)
    {
    }

    public AttemptsThrottledException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
