using EGov.Biometrics.Registry.Audit;
using EGov.Biometrics.Service.Decisions;
using EGov.Biometrics.Service.Probes;
using EGov.Biometrics.Vision.Embedding;
using EGov.Biometrics.Vision.Models;

namespace EGov.Biometrics.Service.Tests;

/// <summary>egov-server --fusion: a 1:1 uses both of the subject's templates and decides at the fused calibration's threshold.</summary>
public sealed class FusedVerificationTests : IDisposable
{
    private const string Alice = "31234567890123";
    private const string Carol = "51234567890123";

    private static readonly ServedEmbedders Both = new([Domain.Model, Domain.ModelB], [Domain.Model, Domain.ModelB]);

    // Equal weights; the fused score's own thresholds (0.45 at the default FMR 1e-4, 0.65 at 1e-6).
    private static readonly FusedVerification Fused = new(
        new ScoreFusion(Domain.Model, Domain.ModelB, 0.5),
        new FmrCalibration(new CalibrationSpec("cosine", 1e-4, [new FmrThreshold(1e-2, 0.35f), new FmrThreshold(1e-4, 0.45f), new FmrThreshold(1e-6, 0.65f)], "test")));

    private readonly (float[] A, float[] B) _alice = (Domain.Unit(1), Domain.Unit(2));
    private readonly Domain _domain = new(served: Both, fused: Fused);
    private readonly Domain _single = new(served: Both);

    public void Dispose()
    {
        _domain.Dispose();
        _single.Dispose();
    }

    [Fact]
    public async Task A_fused_verify_uses_both_templates_and_decides_at_the_fused_threshold()
    {
        await EmbedderChoiceTests.EnrollAsync(_domain, Alice, _alice);
        await EmbedderChoiceTests.EnrollAsync(_single, Alice, _alice);

        // Model A alone scores 0.40 (below its 0.50), model B 0.70: fused 0.55, above the fused 0.45.
        var (a, b) = (Scored(_alice.A, 0.40f, 60), Scored(_alice.B, 0.70f, 61));
        var probe = new[] { new FaceTemplate(a, Domain.Model), new FaceTemplate(b, Domain.ModelB) };
        var photo = _domain.Analyzer.Image("probe", probe);
        _single.Analyzer.Image("probe", probe);

        var alone = await _single.Service.VerifyAsync(Alice, new ImageProbe(photo), Domain.Supervisor);
        var fused = await _domain.Service.VerifyAsync(Alice, new ImageProbe(photo), Domain.Supervisor);

        Assert.False(alone.Match);
        Assert.Equal(0.40f, alone.Similarity, 3);
        Assert.True(fused.Match);
        Assert.Equal(0.55f, fused.Similarity, 3);
        Assert.Equal(0.45f, fused.OperatingPoint.Threshold);

        // At FMR 1e-6 the fused threshold is 0.65: the same probe fails.
        var strict = await _domain.Service.VerifyAsync(Alice, new ImageProbe(photo), Domain.Supervisor, fmr: 1e-6);
        Assert.False(strict.Match);
        Assert.Equal(0.65f, strict.OperatingPoint.Threshold);

        // The audit says the decision was fused, with both models' scores.
        using var connection = _domain.Database.Open();
        var audit = AuditLog.Read(connection).Single(e => e.Seq == fused.DecisionId).Entry;
        Assert.Contains($"fused {Domain.Model} 0.4000 + {Domain.ModelB} 0.7000", audit.Details, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_subject_with_one_model_only_or_a_probe_of_one_model_is_decided_on_that_model()
    {
        // Carol was enrolled by model A alone (before model B was served).
        var carol = Domain.Unit(80);
        await _domain.Service.EnrollAsync(new EnrollCommand(Carol, [new TemplateProbe(Domain.Model, carol)]), Domain.Admin);
        var photo = _domain.Analyzer.Image("carol", new FaceTemplate(Scored(carol, 0.40f, 62), Domain.Model), new FaceTemplate(Domain.Unit(70), Domain.ModelB));
        var result = await _domain.Service.VerifyAsync(Carol, new ImageProbe(photo), Domain.Supervisor);
        Assert.False(result.Match);
        Assert.Equal(0.50f, result.OperatingPoint.Threshold);

        // A template probe carries one model: decided on it, at its calibration.
        await EmbedderChoiceTests.EnrollAsync(_domain, Alice, _alice);
        var template = await _domain.Service.VerifyAsync(Alice, new TemplateProbe(Domain.ModelB, Scored(_alice.B, 0.70f, 63)), Domain.Supervisor);
        Assert.True(template.Match);
        Assert.Equal(0.60f, template.OperatingPoint.Threshold);
    }

    [Fact]
    public void Fusion_is_refused_at_start_without_a_fused_calibration_or_with_a_fused_model_not_served()
    {
        var manifest = ModelManifest.Embedded;
        var defaultOnly = ServedEmbedders.From(manifest, null);
        var noFusion = manifest with { Fusion = null };
        Assert.Contains("no fused calibration", Assert.Throws<ArgumentException>(() => FusedVerification.From(noFusion, defaultOnly)).Message, StringComparison.Ordinal);

        var spec = new FusionSpec(["faceplugin-arcface-r512", "dlib-resnet29-faceapi"], 0.3, new CalibrationSpec("cosine", 1e-4, [new FmrThreshold(1e-4, 0.7f)], "test"));
        var withFusion = manifest with { Fusion = spec };
        var refused = Assert.Throws<ArgumentException>(() => FusedVerification.From(withFusion, defaultOnly));
        Assert.Contains("add dlib-resnet29-faceapi to --embedders", refused.Message, StringComparison.Ordinal);

        var both = ServedEmbedders.From(withFusion, ["faceplugin-arcface-r512", "dlib-resnet29-faceapi"]);
        var fused = FusedVerification.From(withFusion, both);
        Assert.Equal(("faceplugin-arcface-r512", "dlib-resnet29-faceapi", 0.3), (fused.Fusion.First, fused.Fusion.Second, fused.Fusion.FirstWeight));
        Assert.Equal(0.7f, fused.Calibration.Default.Threshold);
    }

    // A unit vector whose cosine to the unit vector face is exactly score.
    private static float[] Scored(float[] face, float score, int seed)
    {
        var noise = Domain.Unit(seed);
        var along = noise.Zip(face, (n, f) => n * f).Sum();
        var orthogonal = noise.Select((n, i) => n - (along * face[i])).ToArray();
        var norm = MathF.Sqrt(orthogonal.Sum(x => x * x));
        var side = MathF.Sqrt(1 - (score * score));
        return face.Select((f, i) => (score * f) + (side * orthogonal[i] / norm)).ToArray();
    }
}
