namespace EGov.Biometrics.Edge.Sources;

/// <summary>What a <see cref="FrameSourceSpec"/> points at.</summary>
public enum FrameSourceKind
{
    /// <summary>A local V4L2 camera, by index or /dev/videoN path.</summary>
    Camera,

    /// <summary>A network stream (rtsp://, http://, https://).</summary>
    Stream,

    /// <summary>A folder of images played as frames.</summary>
    Folder,

    /// <summary>A video file.</summary>
    VideoFile,
}
