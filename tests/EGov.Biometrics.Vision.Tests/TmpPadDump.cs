using EGov.Biometrics.Vision.Liveness;
using EGov.Biometrics.Vision.Liveness.Attacks;

namespace EGov.Biometrics.Vision.Tests;

[Collection(VisionCollection.Name)]
public sealed class TmpPadDump(VisionFixture vision)
{
    [Fact]
    public void Dump()
    {
        var lines = new List<string>();
        var det = (PresentationAttackDetector)vision.Pipeline.LivenessDetector;
        foreach (var sample in new[] { 1, 3, 4, 5, 6 })
        {
            var face = vision.Pipeline.Detector.Detect(vision.Sample(sample).Bgr).MaxBy(d => d.Box.Area)!.Box;
            using var view = SyntheticAttacks.DeskView(vision.Sample(sample).Bgr, face);
            foreach (var species in new PaiSpecies?[] { null, PaiSpecies.ScreenReplay, PaiSpecies.PrintedPhoto, PaiSpecies.FramedPhoto })
            {
                foreach (var seed in new[] { 1, 2, 3 })
                {
                    using var img = species is { } s ? SyntheticAttacks.Render(view, s, seed) : view.Clone();
                    var box = vision.Pipeline.Detector.Detect(img).MaxBy(d => d.Box.Area)!.Box;
                    using var ctx = LivenessContext.Crop(img, box);
                    var f = det.Assess(ctx);
                    lines.Add($"s{sample} {species} seed{seed}: L={f.Liveness:F3} fas={f.MiniFas:F4} {f.Cues}");
                }
            }
        }

        Assert.Fail(string.Join("\n", lines));
    }
}
