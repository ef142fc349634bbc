namespace EGov.Biometrics.Service.Liveness;

/// <summary>
/// The active check's rule and its thresholds, in one place. A capture passes when the frames that show the decision's
/// face (<see cref="FrameSignals.SameFace"/>) include a blink (both eyes closed in one frame, both open in another) or
/// a head turn (their yaw spans at least <see cref="MinYawSpan"/> degrees). A still photo held to the camera shows
/// neither; a frame of another face (a second photo swapped in) is no evidence.
/// </summary>
public sealed record ActiveCheckPolicy
{
    public static ActiveCheckPolicy Default { get; } = new();

    /// <summary>Degrees of yaw between the most left- and right-turned frames of the face. HopeNet's yaw wanders by a
    /// few degrees between frames of a still face; a deliberate turn to one side is 20 degrees or more.</summary>
    public float MinYawSpan { get; init; } = 15;

    /// <summary>An eye is closed when the eye-state model's probability that it is open is below this.</summary>
    public float ClosedBelow { get; init; } = 0.3f;

    /// <summary>An eye is open when the eye-state model's probability that it is open is at least this.</summary>
    public float OpenAtLeast { get; init; } = 0.6f;

    /// <summary>The false-match rate at which a frame's face counts as the decision's face (the embedder's calibrated
    /// threshold at it): lax, because turned and blinking faces match less well, yet a stranger's photo rarely reaches it.</summary>
    public double SameFaceFmr { get; init; } = 1e-2;

    /// <summary>The verdict on a capture's frames.</summary>
    public ActiveCheckResult Judge(IReadOnlyList<FrameSignals> frames)
    {
        ArgumentNullException.ThrowIfNull(frames);
        var face = frames.Where(f => f is { SameFace: true, Pose: not null, Eyes: not null }).ToList();
        var closed = face.Any(f => Math.Max(f.Eyes!.Value.LeftOpen, f.Eyes.Value.RightOpen) < ClosedBelow);
        var open = face.Any(f => Math.Min(f.Eyes!.Value.LeftOpen, f.Eyes.Value.RightOpen) >= OpenAtLeast);
        var yawSpan = face.Count == 0 ? 0 : face.Max(f => f.Pose!.Value.Yaw) - face.Min(f => f.Pose!.Value.Yaw);
        var blink = closed && open;
        return new ActiveCheckResult(blink || yawSpan >= MinYawSpan, blink, yawSpan, face.Count, frames.Count);
    }
}
