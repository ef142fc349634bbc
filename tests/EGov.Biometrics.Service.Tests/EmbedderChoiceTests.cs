using EGov.Biometrics.Service.Decisions;
using EGov.Biometrics.Service.Failures;
using EGov.Biometrics.Service.Probes;
using EGov.Biometrics.Vision.Embedding;
using EGov.Biometrics.Vision.Models;

namespace EGov.Biometrics.Service.Tests;

/// <summary>
/// A server serving two embedders: an enrolment photo gives a template by each, and a probe is decided against the
/// subject's templates of the model that made it, at that model's calibration; a model not served is refused by name.
/// </summary>
public sealed class EmbedderChoiceTests : IDisposable
{
    private const string Alice = "31234567890123";
    private const string Bob = "41234567890123";

    // test-model-c is known to the manifest but not served here.
    private static readonly ServedEmbedders Both = new([Domain.Model, Domain.ModelB], [Domain.Model, Domain.ModelB, "test-model-c"]);

    private readonly (float[] A, float[] B) _alice = (Domain.Unit(1), Domain.Unit(2));
    private readonly (float[] A, float[] B) _bob = (Domain.Unit(3), Domain.Unit(4));
    private readonly Domain _domain = new(served: Both);

    public void Dispose() => _domain.Dispose();

    [Fact]
    public async Task An_enrolment_photo_gives_a_template_per_embedder_and_a_probe_of_either_verifies()
    {
        await EnrollAsync(_domain, Alice, _alice);
        await EnrollAsync(_domain, Bob, _bob);

        Assert.Equal(2, _domain.Registry.CountTemplates(Domain.Model));
        Assert.Equal(2, _domain.Registry.CountTemplates(Domain.ModelB));

        // A second capture of Alice, as a template of either model, against her templates of that model.
        var byA = await _domain.Service.VerifyAsync(Alice, new TemplateProbe(Domain.Model, Domain.Near(_alice.A, 5)), Domain.Supervisor);
        var byB = await _domain.Service.VerifyAsync(Alice, new TemplateProbe(Domain.ModelB, Domain.Near(_alice.B, 6)), Domain.Supervisor);
        Assert.True(byA.Match);
        Assert.True(byB.Match);
        Assert.Equal(0.50f, byA.OperatingPoint.Threshold); // each at its own model's calibration
        Assert.Equal(0.60f, byB.OperatingPoint.Threshold);

        // Bob's model-B vector scored against Alice's model-B template is no match; Alice's model-A vector sent as
        // model B is compared with model-B templates only, where it is a stranger.
        Assert.False((await _domain.Service.VerifyAsync(Alice, new TemplateProbe(Domain.ModelB, Domain.Near(_bob.B, 7)), Domain.Supervisor)).Match);
        Assert.False((await _domain.Service.VerifyAsync(Alice, new TemplateProbe(Domain.ModelB, Domain.Near(_alice.A, 8)), Domain.Supervisor)).Match);

        // Identification by either model finds her.
        var found = await _domain.Service.IdentifyAsync(new TemplateProbe(Domain.ModelB, Domain.Near(_alice.B, 9)), 3, Domain.Supervisor);
        Assert.Equal(Alice, found.Candidates.Single().Pinfl);
    }

    [Fact]
    public async Task An_image_probe_is_decided_by_the_default_embedder_or_the_one_it_asks_for()
    {
        await EnrollAsync(_domain, Alice, _alice);

        // The probe photo's model-A embedding is a stranger's, its model-B embedding Alice's: which model decides shows.
        var photo = _domain.Analyzer.Image("probe", new FaceTemplate(Domain.Unit(50), Domain.Model), new FaceTemplate(Domain.Near(_alice.B, 10), Domain.ModelB));

        var byDefault = await _domain.Service.VerifyAsync(Alice, new ImageProbe(photo), Domain.Supervisor);
        var byB = await _domain.Service.VerifyAsync(Alice, new ImageProbe(photo, Domain.ModelB), Domain.Supervisor);

        Assert.False(byDefault.Match);
        Assert.Equal(0.50f, byDefault.OperatingPoint.Threshold);
        Assert.True(byB.Match);
        Assert.Equal(0.60f, byB.OperatingPoint.Threshold);
    }

    [Fact]
    public async Task A_probe_of_a_model_not_served_here_is_a_failed_precondition_naming_it()
    {
        await EnrollAsync(_domain, Alice, _alice);

        var template = await Assert.ThrowsAsync<PreconditionFailedException>(
            () => _domain.Service.VerifyAsync(Alice, new TemplateProbe("test-model-c", _alice.A), Domain.Supervisor));
        Assert.Contains("'test-model-c' is not served here", template.Message, StringComparison.Ordinal);
        Assert.Contains($"{Domain.Model}, {Domain.ModelB}", template.Message, StringComparison.Ordinal);

        var identify = await Assert.ThrowsAsync<PreconditionFailedException>(
            () => _domain.Service.IdentifyAsync(new TemplateProbe("test-model-c", _alice.A), 3, Domain.Supervisor));
        Assert.Contains("'test-model-c'", identify.Message, StringComparison.Ordinal);

        var photo = _domain.Analyzer.Image("probe-c", new FaceTemplate(_alice.A, Domain.Model), new FaceTemplate(_alice.B, Domain.ModelB));
        var image = await Assert.ThrowsAsync<PreconditionFailedException>(
            () => _domain.Service.VerifyAsync(Alice, new ImageProbe(photo, "test-model-c"), Domain.Supervisor));
        Assert.Contains("'test-model-c' is not served here", image.Message, StringComparison.Ordinal);

        // An id no manifest knows stays a bad argument.
        var unknown = await Assert.ThrowsAsync<ArgumentException>(
            () => _domain.Service.VerifyAsync(Alice, new TemplateProbe("no-such-model", _alice.A), Domain.Supervisor));
        Assert.Contains("'no-such-model' is not an embedder", unknown.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Served_embedders_come_from_the_manifest_and_refuse_one_it_has_not_calibrated()
    {
        var manifest = ModelManifest.Embedded;
        Assert.Equal(["faceplugin-arcface-r512"], ServedEmbedders.From(manifest, null).Served);
        Assert.Equal(["dlib-resnet29-faceapi", "faceplugin-arcface-r512"], ServedEmbedders.From(manifest, ["dlib-resnet29-faceapi", "faceplugin-arcface-r512"]).Served);
        var refused = Assert.Throws<ArgumentException>(() => ServedEmbedders.From(manifest, ["faceplugin-landmark68"]));
        Assert.Contains("'faceplugin-landmark68' is not a calibrated embedder", refused.Message, StringComparison.Ordinal);
    }

    internal static async Task EnrollAsync(Domain domain, string pinfl, (float[] A, float[] B) face) =>
        await domain.Service.EnrollAsync(
            new EnrollCommand(pinfl, [new ImageProbe(domain.Analyzer.Image($"enrol-{pinfl}", new FaceTemplate(face.A, Domain.Model), new FaceTemplate(face.B, Domain.ModelB)))]),
            Domain.Enroller);
}
