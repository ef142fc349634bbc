namespace EGov.Biometrics.Edge.Sources;

/// <summary>Where a <see cref="ResilientFrameSource"/> stands.</summary>
public enum CameraStatus
{
    /// <summary>Opening the source; no frame yet.</summary>
    Opening,

    /// <summary>Frames are arriving.</summary>
    Streaming,

    /// <summary>Opening failed or the stream broke; waiting to try again.</summary>
    Reconnecting,

    /// <summary>A finite source ended normally, or the consumer stopped reading.</summary>
    Ended,
}
