namespace EGov.Biometrics.Service.Desks;

/// <summary>The desk has no agent connected (or it went away while an operator waited): FailedPrecondition.</summary>
public sealed class DeskUnavailableException : Exception
{
    public DeskUnavailableException()
    {
    }

    public DeskUnavailableException(string message)
        : base(message)
    {
    }

    public DeskUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
