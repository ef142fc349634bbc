using EGov.Biometrics.Contracts.V1;
using EGov.Biometrics.Edge.TestSupport;
using Google.Protobuf;
using Grpc.Core;

namespace EGov.Biometrics.Server.Tests;

/// <summary>Issue 16 item 3 over the wire, with the real models: the embedder chosen per probe, one template per served embedder.</summary>
public sealed class EmbedderChoiceServerTests(TwoEmbedderServer server) : IClassFixture<TwoEmbedderServer>
{
    [Fact]
    public async Task A_photo_enrolled_on_two_embedders_verifies_a_second_photo_by_either()
    {
        // sample portraits 1 and 3 are two photos of one person.
        const string pinfl = "68888888888881";
        var enrolled = await new Enrollment.EnrollmentClient(server.Channel).EnrollAsync(
            new EnrollRequest { Pinfl = pinfl, Probes = { Photo(1) }, DuplicatePolicy = DuplicatePolicy.Flag }, server.As("admin"));
        var verification = new Verification.VerificationClient(server.Channel);

        var byDefault = await verification.VerifyAsync(new VerifyRequest { Pinfl = pinfl, Probe = Photo(3) }, server.As("supervisor"));
        var byDlib = await verification.VerifyAsync(new VerifyRequest { Pinfl = pinfl, Probe = Photo(3, TwoEmbedderServer.Dlib) }, server.As("supervisor"));
        var stranger = await verification.VerifyAsync(new VerifyRequest { Pinfl = pinfl, Probe = Photo(5, TwoEmbedderServer.Dlib) }, server.As("supervisor"));

        Assert.Equal(2, enrolled.TemplateIds.Count); // one per served embedder
        Assert.True(byDefault.Match);
        Assert.True(byDlib.Match);
        Assert.False(stranger.Match);

        // Each at its own model's calibration (FMR 1e-4: 0.4181 for ArcFace, 0.941 for dlib) and its own scale of scores.
        Assert.Equal(0.4181f, byDefault.OperatingPoint.Threshold);
        Assert.Equal(0.941f, byDlib.OperatingPoint.Threshold);
        Assert.NotEqual(byDefault.Similarity, byDlib.Similarity);
    }

    [Fact]
    public async Task A_photo_asking_for_a_model_not_served_here_is_failed_precondition_naming_it()
    {
        var verification = new Verification.VerificationClient(server.Channel);

        var refused = await Assert.ThrowsAsync<RpcException>(() => verification.VerifyAsync(
            new VerifyRequest { Pinfl = "68888888888882", Probe = Photo(2, "some-other-embedder") }, server.As("supervisor")).ResponseAsync);

        Assert.Equal(StatusCode.FailedPrecondition, refused.StatusCode);
        Assert.Contains("'some-other-embedder' is not served here", refused.Status.Detail, StringComparison.Ordinal);
        Assert.Contains(TwoEmbedderServer.Dlib, refused.Status.Detail, StringComparison.Ordinal);
    }

    private static Probe Photo(int sample, string? model = null)
    {
        var probe = new Probe { Image = ByteString.CopyFrom(SamplePortraits.Bytes(sample)) };
        if (model is not null)
        {
            probe.ModelId = model;
        }

        return probe;
    }
}
