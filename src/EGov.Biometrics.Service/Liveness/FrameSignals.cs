using EGov.Biometrics.Vision.Quality;

namespace EGov.Biometrics.Service.Liveness;

/// <summary>
/// What the server saw in one liveness frame of a capture: whether the frame's largest face is the face the decision
/// is taken on, and its head pose and eye state (null when no face was found).
/// </summary>
public sealed record FrameSignals(bool SameFace, HeadPose? Pose, EyeState? Eyes)
{
    /// <summary>A frame in which no face was found: no evidence of anything.</summary>
    public static FrameSignals NoFace { get; } = new(false, null, null);
}
