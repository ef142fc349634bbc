using System.Diagnostics;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using EGov.Biometrics.Contracts.V1;
using EGov.Biometrics.Edge.TestSupport;
using EGov.Biometrics.Server.Hosting;
using Google.Protobuf;

namespace EGov.Biometrics.Server.Tests;

/// <summary>
/// examples/node-client/verify.mjs, a standard non-.NET gRPC client (@grpc/grpc-js, @grpc/proto-loader), run with node
/// against a live server: the published .proto files and TLS with the server's certificate pinned are all it needs.
/// ./build.sh setup installs its packages (npm ci).
/// </summary>
public sealed class NodeClientTests(RunningServer server) : IClassFixture<RunningServer>
{
    private const string Citizen = "82234567890123";

    [Fact(Timeout = 180_000)]
    public async Task The_Node_client_verifies_a_citizen_from_a_second_photo_over_pinned_TLS_and_not_a_stranger()
    {
        await new Enrollment.EnrollmentClient(server.Channel).EnrollAsync(
            new EnrollRequest { Pinfl = Citizen, Probes = { new Probe { Image = ByteString.CopyFrom(SamplePortraits.Bytes(1)) } } }, server.As("enroller"));
        var serverCertificate = server.Data.PathOf(DataDirectory.PublicCertificateFile);
        var otherCertificate = Path.Combine(Path.GetTempPath(), $"egov-other-{Environment.ProcessId}.crt");
        await File.WriteAllTextAsync(otherCertificate, OtherCertificate());

        // sample3 is a second photo of sample1's person; sample5 is someone else.
        var genuine = await VerifyAsync(serverCertificate, Citizen, SamplePortraits.PathOf(3));
        var stranger = await VerifyAsync(serverCertificate, Citizen, SamplePortraits.PathOf(5));
        var badPinfl = await VerifyAsync(serverCertificate, "123", SamplePortraits.PathOf(3));
        var unpinned = await VerifyAsync(otherCertificate, Citizen, SamplePortraits.PathOf(3));
        File.Delete(otherCertificate);

        Assert.True(genuine.Exit == 0, genuine.Error);
        Assert.True(JsonDocument.Parse(genuine.Output).RootElement.GetProperty("match").GetBoolean(), genuine.Output);
        Assert.True(stranger.Exit == 0, stranger.Error);
        var strangerDecision = JsonDocument.Parse(stranger.Output).RootElement;
        Assert.False(strangerDecision.GetProperty("match").GetBoolean(), stranger.Output);
        Assert.True(strangerDecision.GetProperty("enrolled").GetBoolean(), stranger.Output);
        Assert.Equal(1, badPinfl.Exit);
        Assert.Contains("INVALID_ARGUMENT", badPinfl.Error, StringComparison.Ordinal);
        Assert.Contains("14 digits", badPinfl.Error, StringComparison.Ordinal);
        Assert.Equal(1, unpinned.Exit);
        Assert.Contains("UNAVAILABLE", unpinned.Error, StringComparison.Ordinal);
    }

    private async Task<(int Exit, string Output, string Error)> VerifyAsync(string certificate, string pinfl, string image)
    {
        var client = ClientFolder();
        Assert.True(Directory.Exists(Path.Combine(client, "node_modules", "@grpc", "grpc-js")), $"{client}/node_modules is missing: ./build.sh setup installs it (npm ci)");
        var start = new ProcessStartInfo("node") { WorkingDirectory = client, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { "verify.mjs", "--server", server.Address, "--ca", certificate, "--api-key", server.Keys["operator"], "--pinfl", pinfl, "--image", image, "--desk", "node-desk" })
        {
            start.ArgumentList.Add(argument);
        }

        using var node = Process.Start(start)!;
        var output = node.StandardOutput.ReadToEndAsync();
        var error = node.StandardError.ReadToEndAsync();
        await node.WaitForExitAsync();
        return (node.ExitCode, await output, await error);
    }

    // examples/node-client, found above the test binaries.
    private static string ClientFolder()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            var client = Path.Combine(folder.FullName, "examples", "node-client");
            if (File.Exists(Path.Combine(client, "verify.mjs")))
            {
                return client;
            }
        }

        throw new DirectoryNotFoundException($"examples/node-client not found above {AppContext.BaseDirectory}.");
    }

    // A self-signed certificate that is not the server's: pinned instead, the client must refuse the server.
    private static string OtherCertificate()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        return certificate.ExportCertificatePem();
    }
}
