using EGov.Biometrics.Vision.Quality;

namespace EGov.Biometrics.Edge.Tracking;

/// <summary>
/// Whether a face could become its window's best shot, decided without the pose model: size, the crop's sharpness,
/// exposure and contrast and the eye state are measured exactly (<see cref="QualityMeasures"/>); only the pose model's
/// angles are unknown. They are estimated from the face of the window the pose model judged last: its model pose plus
/// how far the landmark pose moved since, with that move again as the margin either way (<see cref="RelativeTolerance"/>).
/// The bound takes each angle at the most frontal end of its margin; a face whose bound cannot pass every gate or beat
/// the best is not a candidate, and the pose model never runs for it. A face that did not move scores as the judged
/// one did, so a still citizen costs one pose-model run per window, whether their pose passes the gates or not.
/// </summary>
public static class BestShotCandidate
{
    /// <summary>
    /// The pose model's angle may move this many times as far as the landmark pose did between two faces of a track,
    /// beyond the landmark pose's own move (both follow the same head; the landmark pose's error is mostly per face,
    /// and it cancels between frames of one face).
    /// </summary>
    public const float RelativeTolerance = 1;

    /// <summary>Whether the face could be the window's best, and the pose to use for it when it is not a candidate.</summary>
    /// <param name="assessor">Judges the bound as it judges a report (same gates, same overall score).</param>
    /// <param name="measures">The face's cheap measures.</param>
    /// <param name="best">The window's best face so far; null when the window has none.</param>
    /// <param name="judged">The window's face the pose model judged last; null when it judged none yet.</param>
    /// <param name="minQuality">The selector's minimum overall quality.</param>
    public static (bool Candidate, HeadPose Estimate) Screen(
        IFaceQualityAssessor assessor, QualityMeasures measures, QualityReport? best, QualityReport? judged, float minQuality)
    {
        ArgumentNullException.ThrowIfNull(assessor);
        ArgumentNullException.ThrowIfNull(measures);
        if (judged is null)
        {
            // Nothing to estimate from: only a gate that fails whatever the pose rules the face out.
            var frontal = assessor.Judge(measures, default);
            return (frontal.Passed && frontal.Overall >= minQuality, measures.LandmarkPose);
        }

        var now = measures.LandmarkPose;
        var then = judged.LandmarkPose;
        var (yaw, yawMargin) = Estimate(judged.Pose.Yaw, now.Yaw - then.Yaw);
        var (pitch, pitchMargin) = Estimate(judged.Pose.Pitch, now.Pitch - then.Pitch);
        var (roll, rollMargin) = Estimate(judged.Pose.Roll, now.Roll - then.Roll);
        var bound = assessor.Judge(measures, new HeadPose(Frontmost(yaw, yawMargin), Frontmost(pitch, pitchMargin), Frontmost(roll, rollMargin)));
        var candidate = bound.Passed && bound.Overall >= minQuality && (best is null || bound.Overall > best.Overall);
        return (candidate, new HeadPose(yaw, pitch, roll));
    }

    /// <summary>
    /// Moves of the landmark pose smaller than this (degrees) are the landmark model's numerical noise, not a moving head:
    /// the same frame run twice does not give bit-identical landmarks (the runtime's threads sum in varying order).
    /// </summary>
    public const float StillBelow = 0.05f;

    private static (float Angle, float Margin) Estimate(float judgedAngle, float landmarkMove) =>
        Math.Abs(landmarkMove) < StillBelow ? (judgedAngle, 0) : (judgedAngle + landmarkMove, RelativeTolerance * Math.Abs(landmarkMove));

    // The angle within ±margin closest to straight ahead.
    private static float Frontmost(float angle, float margin) => Math.Sign(angle) * Math.Max(0, Math.Abs(angle) - margin);
}
