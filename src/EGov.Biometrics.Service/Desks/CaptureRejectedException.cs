namespace EGov.Biometrics.Service.Desks;

/// <summary>A fault of the capture itself (no key, a bad time, an undecodable or wrongly sized crop): the agent is told to drop it. Anything else that fails while handling a capture is the server's problem, ends the stream instead, and the agent sends the capture again later.</summary>
public sealed class CaptureRejectedException : Exception
{
    public CaptureRejectedException()
    {
    }

    public CaptureRejectedException(string message)
        : base(message)
    {
    }

    public CaptureRejectedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
