using EGov.Biometrics.Vision.Pipeline;
using EGov.Biometrics.Vision.Quality;
using OpenCvSharp;

namespace EGov.Biometrics.Vision.Tests;

[Collection(VisionCollection.Name)]
public sealed class QualityTests(VisionFixture vision)
{
    [Fact]
    public void A_sharp_frontal_face_with_open_eyes_passes_every_gate()
    {
        var best = Largest(vision.Sample(6).Bgr);

        Assert.True(best.Passed || best.Failures.All(f => f.Component == "pitch"), string.Join("; ", best.Failures));
        Assert.InRange(best.Overall, 0.7f, 1f);
        Assert.InRange(best.InterEyePx, 60, 200);
        Assert.True(best.Eyes.LeftOpen > 0.5f && best.Eyes.RightOpen > 0.5f);
    }

    [Fact]
    public void Blur_fails_the_sharpness_gate()
    {
        var sharp = Largest(vision.Sample(6).Bgr);
        using var blurred = new Mat();
        Cv2.GaussianBlur(vision.Sample(6).Bgr, blurred, new Size(0, 0), 9);

        var report = Largest(blurred);

        Assert.Contains(report.Failures, f => f.Component == "sharpness");
        Assert.True(report.Sharpness < sharp.Sharpness / 5);
        Assert.True(report.Overall < sharp.Overall);
    }

    [Fact]
    public void Darkness_fails_the_exposure_gate()
    {
        using var dark = new Mat();
        vision.Sample(6).Bgr.ConvertTo(dark, -1, 0.3, 0);

        var report = Largest(dark);

        Assert.Contains(report.Failures, f => f.Component == "exposure" && f.Reason.Contains("under-exposed", StringComparison.Ordinal));
    }

    [Fact]
    public void A_small_face_fails_the_inter_eye_gate()
    {
        using var small = new Mat();
        Cv2.Resize(vision.Sample(6).Bgr, small, new Size(480, 384), 0, 0, InterpolationFlags.Area);

        var report = Largest(small);

        Assert.Contains(report.Failures, f => f.Component == "inter_eye");
    }

    [Fact]
    public void A_profile_fails_the_yaw_gate_and_closed_eyes_fail_the_eye_gate()
    {
        var faces = Reports(vision.Sample(2).Bgr);

        // sample2 holds one face in profile (about 70° yaw).
        Assert.Contains(faces, q => q.Failures.Any(f => f.Component == "yaw") && Math.Abs(q.Pose.Yaw) > 45);

        // sample1 holds one face with closed eyes and two with open eyes.
        var sample1 = Reports(vision.Sample(1).Bgr);
        Assert.Equal(1, sample1.Count(q => q.Failures.Any(f => f.Component == "eyes_open")));
    }

    [Fact]
    public void Liveness_scores_bona_fide_photos_as_live()
    {
        // The samples are direct captures of live people: nearly all must score live. (No presentation-attack
        // images ship with a package we can fetch, so attack detection itself is not measured here.)
        var scores = Enumerable.Range(1, 6)
            .SelectMany(i => Analyze(vision.Sample(i).Bgr, new AnalysisOptions { Embed = false, Quality = false }))
            .Select(f => f.Liveness!.Value)
            .Order()
            .ToList();

        Assert.All(scores, s => Assert.InRange(s, 0f, 1f));
        Assert.True(scores[scores.Count / 2] > 0.9f, $"median liveness {scores[scores.Count / 2]:F3}");
        Assert.True(scores.Count(s => s >= 0.5f) >= scores.Count * 3 / 4);
    }

    private QualityReport Largest(Mat bgr) =>
        Analyze(bgr, new AnalysisOptions { Embed = false, Liveness = false }).MaxBy(f => f.Detection.Box.Area)!.Quality!;

    private List<QualityReport> Reports(Mat bgr) =>
        Analyze(bgr, new AnalysisOptions { Embed = false, Liveness = false }).Select(f => f.Quality!).ToList();

    private List<FaceAnalysis> Analyze(Mat bgr, AnalysisOptions options)
    {
        var faces = vision.Pipeline.Analyze(bgr, options).ToList();
        faces.ForEach(f => f.Dispose());
        return faces;
    }
}
