namespace EGov.Biometrics.Service.Galleries;

/// <summary>
/// The gallery could not answer in full (a shard failed, timed out or is moving): the caller gets Unavailable and may
/// retry, never an answer from some of the shards.
/// </summary>
public sealed class GalleryUnavailableException : Exception
{
    public GalleryUnavailableException()
    {
    }

    public GalleryUnavailableException(string message)
        : base(message)
    {
    }

    public GalleryUnavailableException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
