using EGov.Biometrics.Vision.Liveness;
using EGov.Biometrics.Vision.Liveness.Attacks;
using OpenCvSharp;

namespace EGov.Biometrics.Vision.Tests;

/// <summary>
/// The presentation-attack detector on the sample photos (bona fide) and on synthetic attacks made from them: the
/// demo's faces pass, and attacks of every PAI species fail, where MiniFAS alone lets most of them through.
/// </summary>
[Collection(VisionCollection.Name)]
public sealed class PresentationAttackTests(VisionFixture vision)
{
    /// <summary>The largest face of each photo the demo enrols or verifies (sample2's face fails the quality gate).</summary>
    public static readonly TheoryData<int> DemoPhotos = new() { 1, 3, 4, 5, 6 };

    [Theory]
    [MemberData(nameof(DemoPhotos))]
    public void The_demo_photos_are_bona_fide(int sample)
    {
        using var faces = new Faces(vision.Pipeline.Analyze(vision.Sample(sample).Bgr, Pipeline.AnalysisOptions.All with { MaxFaces = 1 }));

        Assert.InRange(faces[0].Liveness!.Value, CaptureThreshold, 1f);
    }

    [Theory]
    [InlineData(PaiSpecies.ScreenReplay)]
    [InlineData(PaiSpecies.PrintedPhoto)]
    [InlineData(PaiSpecies.FramedPhoto)]
    public void Attacks_made_from_the_demo_photos_are_refused(PaiSpecies species)
    {
        var refused = 0;
        var miniFasRefused = 0;
        foreach (var sample in new[] { 1, 3, 4, 5, 6 })
        {
            using var view = SyntheticAttacks.DeskView(vision.Sample(sample).Bgr, LargestFace(sample));
            using var attack = SyntheticAttacks.Render(view, species, seed: sample);
            var box = vision.Pipeline.Detector.Detect(attack).MaxBy(d => d.Box.Area)!.Box;
            using var context = LivenessContext.Crop(attack, box);
            var frame = Detector.Assess(context);
            refused += frame.Liveness < CaptureThreshold ? 1 : 0;
            miniFasRefused += frame.MiniFas < CaptureThreshold ? 1 : 0;
        }

        Assert.True(refused >= 4, $"{refused} of 5 {species} attacks refused (MiniFAS alone: {miniFasRefused})");
    }

    [Fact]
    public void A_still_visit_scores_the_median_of_its_frames_and_no_frames_is_no_evidence()
    {
        Assert.Equal(0.6f, PresentationAttackDetector.OverFrames([0.1f, 0.6f, 0.9f]));
        Assert.Equal(0.5f, PresentationAttackDetector.OverFrames([0.2f, 0.4f, 0.6f, 0.9f]));
        Assert.Equal(0f, PresentationAttackDetector.OverFrames([]));
    }

    [Fact]
    public void A_print_raises_the_moire_cue_and_a_screen_the_colour_stripe_cue()
    {
        using var view = SyntheticAttacks.DeskView(vision.Sample(4).Bgr, LargestFace(4));
        using var print = SyntheticAttacks.Render(view, PaiSpecies.PrintedPhoto, seed: 1);
        using var screen = SyntheticAttacks.Render(view, PaiSpecies.ScreenReplay, seed: 1);

        var bonaFide = Cues(view);
        var printed = Cues(print);
        var shown = Cues(screen);

        var calibration = PadCalibration.Default;
        Assert.True(bonaFide.Moire < calibration.MoireThreshold && bonaFide.Stripes < calibration.StripesThreshold, $"bona fide {bonaFide}");
        Assert.True(printed.Moire > calibration.MoireThreshold, $"print {printed}");
        Assert.True(shown.Stripes > calibration.StripesThreshold || shown.Moire > calibration.MoireThreshold, $"screen {shown}");
    }

    private const float CaptureThreshold = 0.5f;

    private PadCues Cues(Mat view)
    {
        var box = vision.Pipeline.Detector.Detect(view).MaxBy(d => d.Box.Area)!.Box;
        using var context = LivenessContext.Crop(view, box);
        return ScreenPrintCues.Measure(context);
    }

    private PresentationAttackDetector Detector => (PresentationAttackDetector)vision.Pipeline.LivenessDetector;

    private Imaging.FaceBox LargestFace(int sample) => vision.Pipeline.Detector.Detect(vision.Sample(sample).Bgr).MaxBy(d => d.Box.Area)!.Box;

    private sealed class Faces(IReadOnlyList<Pipeline.FaceAnalysis> faces) : IDisposable
    {
        public Pipeline.FaceAnalysis this[int index] => faces[index];

        public void Dispose()
        {
            foreach (var face in faces)
            {
                face.Dispose();
            }
        }
    }
}
