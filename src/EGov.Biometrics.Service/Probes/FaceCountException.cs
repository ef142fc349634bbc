namespace EGov.Biometrics.Service.Probes;

/// <summary>
/// A photo refused by <see cref="OnePersonRule"/>: no face in it (<see cref="People"/> 0) or several people. An
/// <see cref="ArgumentException"/> like every fault of the caller's input, typed so a bulk import can tell the two apart.
/// </summary>
public sealed class FaceCountException : ArgumentException
{
    public FaceCountException()
    {
    }

    public FaceCountException(string message)
        : base(message)
    {
    }

    public FaceCountException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public FaceCountException(int people, string message)
        : base(message) => People = people;

    /// <summary>How many people the photo shows (faces of at least a bystander's share of the largest).</summary>
    public int People { get; }
}
