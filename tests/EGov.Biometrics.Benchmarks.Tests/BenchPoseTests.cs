using EGov.Biometrics.Vision.Quality;

namespace EGov.Biometrics.Benchmarks.Tests;

public sealed class BenchPoseTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("bench-pose-").FullName;

    [Fact]
    public void Bench_pose_fits_on_half_the_faces_and_judges_the_cascades_on_the_other_half()
    {
        SyntheticLfw.Write(_root);
        var csv = Path.Combine(_root, "poses.csv");

        var json = BenchRunner.RunJson("pose", "--lfw", _root, "--limit", "100", "--json", "--csv", csv);

        var faces = json.GetProperty("faces").GetInt32();
        Assert.True(faces >= 10, $"{faces} faces");
        Assert.Equal(faces / 2, json.GetProperty("held_out_faces").GetInt32());
        Assert.Equal(faces, File.ReadAllLines(csv).Length);

        var cascades = json.GetProperty("cascades").EnumerateArray().ToDictionary(c => c.GetProperty("name").GetString()!);
        Assert.Equal(new[] { "stated", "calibrated", "calibrated, stated tolerance" }, cascades.Keys.ToArray());

        // The stated cascade is the landmark pose as quality uses it: no map, the stated tolerance.
        var stated = cascades["stated"];
        Assert.Equal(1, stated.GetProperty("pitch_map").GetProperty("slope").GetDouble());
        Assert.Equal(0, stated.GetProperty("pitch_map").GetProperty("offset").GetDouble());
        Assert.Equal(LandmarkPoseEstimator.Tolerance.Pitch, stated.GetProperty("tolerance").GetProperty("pitch").GetSingle());

        // The calibrated tolerance is the fit half's 99.5th percentile of the residual, rounded up to a whole degree.
        var calibrated = cascades["calibrated"];
        var pitchTolerance = calibrated.GetProperty("tolerance").GetProperty("pitch").GetDouble();
        Assert.Equal(Math.Ceiling(pitchTolerance), pitchTolerance);
        Assert.NotEqual(1, calibrated.GetProperty("pitch_map").GetProperty("slope").GetDouble());
        foreach (var cascade in cascades.Values)
        {
            var agreement = cascade.GetProperty("gate_agreement").GetDouble();
            Assert.Equal(Math.Round(agreement * (faces / 2)), agreement * (faces / 2), 6); // a share of the held-out faces
        }
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);
}
