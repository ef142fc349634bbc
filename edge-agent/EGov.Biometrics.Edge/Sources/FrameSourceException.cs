namespace EGov.Biometrics.Edge.Sources;

/// <summary>A frame source could not be opened or stopped delivering frames when it should not have.</summary>
public sealed class FrameSourceException : IOException
{
    public FrameSourceException()
    {
    }

    public FrameSourceException(string message)
        : base(message)
    {
    }

    public FrameSourceException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
