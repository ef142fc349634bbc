using EGov.Biometrics.Benchmarks.Pose;
using EGov.Biometrics.Vision.Quality;

namespace EGov.Biometrics.Benchmarks.Tests;

/// <summary>The per-angle calibration and the replayed cascade behind <c>bench pose</c>'s held-out figures.</summary>
public sealed class PoseCascadeTests
{
    private static readonly HeadPose Tolerance = new(10, 15, 10);

    [Fact]
    public void A_least_squares_map_recovers_a_linear_relation_between_the_two_poses()
    {
        var pairs = Enumerable.Range(-20, 41).Select(x => ((double)x, (0.9 * x) - 2)).ToList();

        var map = AngleMap.Fit(pairs);

        Assert.Equal(0.9, map.Slope, 6);
        Assert.Equal(-2, map.Offset, 6);
        Assert.Equal(16, map.Apply(20), 6);
    }

    [Fact]
    public void The_landmark_pose_decides_only_inside_every_gate_by_the_tolerance()
    {
        var cascade = new PoseCascade(QualityOptions.Default, Tolerance, AngleMap.Identity, AngleMap.Identity, AngleMap.Identity);

        Assert.True(cascade.Decides(new HeadPose(19, -9, 24))); // gates ±30, ±25, ±35 less 10, 15, 10
        Assert.False(cascade.Decides(new HeadPose(21, 0, 0)));
        Assert.False(cascade.Decides(new HeadPose(0, -11, 0)));
        Assert.False(cascade.Decides(new HeadPose(0, 0, 26)));
    }

    [Fact]
    public void The_map_is_applied_before_the_landmark_pose_is_judged_clear()
    {
        // A landmark pitch of -12 is not clear of the ±25° gate by 15°; read through a map that halves it, it is.
        var cascade = new PoseCascade(QualityOptions.Default, Tolerance, AngleMap.Identity, new AngleMap(0.5, 0), AngleMap.Identity);

        Assert.True(cascade.Decides(new HeadPose(0, -12, 0)));
        Assert.Equal(-6, cascade.Map(new HeadPose(0, -12, 0)).Pitch, 4);
    }

    [Fact]
    public void A_replay_counts_a_face_the_landmark_pose_passes_but_the_model_fails_as_a_changed_decision()
    {
        var cascade = new PoseCascade(QualityOptions.Default, Tolerance, AngleMap.Identity, AngleMap.Identity, AngleMap.Identity);
        (HeadPose Model, HeadPose Landmarks)[] pairs =
        [
            (new(2, 3, 1), new(3, 1, 0)), // both frontal: the landmark pose decides, a pass, as the model says
            (new(35, 0, 0), new(5, 0, 0)), // the model fails the yaw gate, the landmark pose is clear: a changed decision
            (new(28, -24, 0), new(25, -20, 0)), // near the gates: the model decides
            (new(40, 0, 0), new(38, 0, 0)), // past the yaw gate for both: the model decides
        ];

        var (agreement, decide) = cascade.Replay(pairs);

        Assert.Equal(0.75, agreement, 6);
        Assert.Equal(0.5, decide, 6);
    }
}
