namespace EGov.Biometrics.Edge.Sources;

/// <summary>
/// A stream of frames. Each enumeration opens the camera, stream, file or folder anew and closes it when
/// the enumeration ends. A normal end (the end of a video file, a folder played once) completes the
/// enumeration; anything else (cannot open, the camera vanished, the stream stopped) throws
/// <see cref="FrameSourceException"/>, so that <see cref="ResilientFrameSource"/> can tell the two apart.
/// </summary>
public interface IFrameSource : IAsyncEnumerable<Frame>
{
    /// <summary>What the source reads, for logs and health (never credentials: see <see cref="FrameSourceSpec.ToString"/>).</summary>
    string Description { get; }
}
