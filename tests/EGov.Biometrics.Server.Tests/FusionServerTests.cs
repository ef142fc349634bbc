using EGov.Biometrics.Contracts.V1;
using EGov.Biometrics.Edge.TestSupport;
using EGov.Biometrics.Vision.Models;
using Google.Protobuf;

namespace EGov.Biometrics.Server.Tests;

/// <summary>Issue 16 item 4 over the wire, with the real models: --fusion decides 1:1 at the manifest's fused threshold.</summary>
public sealed class FusionServerTests(FusionServer server) : IClassFixture<FusionServer>
{
    [Fact]
    public async Task A_fused_verify_decides_a_second_photo_at_the_fused_calibration_and_refuses_a_stranger()
    {
        // sample portraits 1 and 3 are two photos of one person; 5 is someone else.
        const string pinfl = "69999999999991";
        var enrolled = await new Enrollment.EnrollmentClient(server.Channel).EnrollAsync(
            new EnrollRequest { Pinfl = pinfl, Probes = { Photo(1) }, DuplicatePolicy = DuplicatePolicy.Flag }, server.As("admin"));
        var verification = new Verification.VerificationClient(server.Channel);

        var genuine = await verification.VerifyAsync(new VerifyRequest { Pinfl = pinfl, Probe = Photo(3) }, server.As("supervisor"));
        var stranger = await verification.VerifyAsync(new VerifyRequest { Pinfl = pinfl, Probe = Photo(5) }, server.As("supervisor"));

        Assert.Equal(2, enrolled.TemplateIds.Count);
        var fused = ModelManifest.Embedded.Fusion!.Calibration.Thresholds.Single(t => t.Fmr == 1e-4).Threshold;
        Assert.Equal(fused, genuine.OperatingPoint.Threshold);
        Assert.True(genuine.Match);
        Assert.True(genuine.Similarity >= fused);
        Assert.Equal(fused, stranger.OperatingPoint.Threshold);
        Assert.False(stranger.Match);
    }

    private static Probe Photo(int sample) => new() { Image = ByteString.CopyFrom(SamplePortraits.Bytes(sample)) };
}
