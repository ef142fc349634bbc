using EGov.Biometrics.Vision.Quality;

namespace EGov.Biometrics.Benchmarks.Pose;

/// <summary>
/// The quality cascade of <see cref="PoseSource.Landmarks"/> replayed on measured pairs: the (mapped) landmark pose decides
/// a face that is inside every pose gate by the tolerance, the pose model every other face. Measures how often its gate
/// decision equals the pose model's and how many faces it spares the model.
/// </summary>
public sealed class PoseCascade(QualityOptions gates, HeadPose tolerance, AngleMap yaw, AngleMap pitch, AngleMap roll)
{
    /// <summary>The landmark pose through the per-angle maps.</summary>
    public HeadPose Map(HeadPose landmarks) =>
        new((float)yaw.Apply(landmarks.Yaw), (float)pitch.Apply(landmarks.Pitch), (float)roll.Apply(landmarks.Roll));

    /// <summary>Whether a pose passes the yaw, pitch and roll gates.</summary>
    public bool Passes(HeadPose pose) =>
        Math.Abs(pose.Yaw) <= gates.MaxYaw && Math.Abs(pose.Pitch) <= gates.MaxPitch && Math.Abs(pose.Roll) <= gates.MaxRoll;

    /// <summary>Whether the mapped landmark pose is clear of every gate by the tolerance, so that it decides alone (a pass).</summary>
    public bool Decides(HeadPose landmarks)
    {
        var p = Map(landmarks);
        return Math.Abs(p.Yaw) <= gates.MaxYaw - tolerance.Yaw && Math.Abs(p.Pitch) <= gates.MaxPitch - tolerance.Pitch
            && Math.Abs(p.Roll) <= gates.MaxRoll - tolerance.Roll;
    }

    /// <summary>Share of pairs whose cascade decision equals the pose model's, and share the landmark pose decided alone.</summary>
    public (double GateAgreement, double LandmarksDecide) Replay(IReadOnlyList<(HeadPose Model, HeadPose Landmarks)> pairs)
    {
        ArgumentNullException.ThrowIfNull(pairs);
        var agree = 0;
        var decided = 0;
        foreach (var (model, landmarks) in pairs)
        {
            var byLandmarks = Decides(landmarks);
            decided += byLandmarks ? 1 : 0;
            agree += (byLandmarks || Passes(model)) == Passes(model) ? 1 : 0;
        }

        return (agree / (double)pairs.Count, decided / (double)pairs.Count);
    }
}
