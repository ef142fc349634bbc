using System.Globalization;

namespace EGov.Biometrics.Service.Liveness;

/// <summary>
/// The active check's verdict on a capture's frames: a blink (eyes closed in one frame of the face, open in another)
/// or a head turn (the yaw of the face's frames spanning at least the policy's angle), over the frames that show the
/// face the decision is taken on (<see cref="FramesOfFace"/> of <see cref="Frames"/>).
/// </summary>
public sealed record ActiveCheckResult(bool Passed, bool Blink, float YawSpan, int FramesOfFace, int Frames)
{
    /// <summary>The verdict as the audit keeps it.</summary>
    public string Detail => string.Create(
        CultureInfo.InvariantCulture,
        $"active check {(Passed ? "passed" : "failed")}: blink {(Blink ? "seen" : "not seen")}, yaw span {YawSpan:F1} deg over {FramesOfFace} of {Frames} frames");
}
