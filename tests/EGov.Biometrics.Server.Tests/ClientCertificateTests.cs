using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using EGov.Biometrics.Contracts.Client;
using EGov.Biometrics.Contracts.V1;
using Google.Protobuf;
using Grpc.Core;

namespace EGov.Biometrics.Server.Tests;

/// <summary>Mutual TLS: a registered client certificate stands in for an API key, with its own role.</summary>
public sealed class ClientCertificateTests(RunningServer server) : IClassFixture<RunningServer>
{
    [Fact]
    public async Task A_registered_certificate_authenticates_with_its_role_and_desk_until_revoked()
    {
        using var certificate = SelfSigned("CN=desk-7 camera");
        using var stranger = SelfSigned("CN=stranger");
        var admin = new Administration.AdministrationClient(server.Channel);
        var fingerprint = (await admin.RegisterClientCertificateAsync(
            new RegisterClientCertificateRequest { Certificate = ByteString.CopyFromUtf8(certificate.ExportCertificatePem()), Role = "supervisor", Name = "desk-7", Desk = "desk-7" },
            server.As("admin"))).Fingerprint;
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(certificate.RawData)), fingerprint);

        var pinned = server.Data.Certificate;
        using var withCertificate = ServerChannel.Open(server.Address, pinned, certificate);
        using var withStranger = ServerChannel.Open(server.Address, pinned, stranger);
        var request = new VerifyRequest { Pinfl = "61234567890123", Probe = new Probe { Template = new Template { ModelId = "faceplugin-arcface-r512", Vector = { TestVectors.Unit(21) } } } };
        var noKey = new Metadata { { "x-desk-id", "desk-7" } };

        Assert.False((await new Verification.VerificationClient(withCertificate).VerifyAsync(request, noKey)).Enrolled);
        var denied = await Assert.ThrowsAsync<RpcException>(async () => await new Enrollment.EnrollmentClient(withCertificate).DeleteSubjectAsync(new DeleteSubjectRequest { Pinfl = "61234567890123" }, noKey));
        Assert.Equal(StatusCode.PermissionDenied, denied.StatusCode);
        var otherDesk = await Assert.ThrowsAsync<RpcException>(async () =>
            await new Verification.VerificationClient(withCertificate).VerifyAsync(request, new Metadata { { "x-desk-id", "desk-8" } }));
        Assert.Equal(StatusCode.PermissionDenied, otherDesk.StatusCode);
        var unknown = await Assert.ThrowsAsync<RpcException>(async () => await new Verification.VerificationClient(withStranger).VerifyAsync(request, noKey));
        Assert.Equal(StatusCode.Unauthenticated, unknown.StatusCode);
        Assert.Contains("client certificate", unknown.Status.Detail, StringComparison.Ordinal);

        Assert.True((await admin.RevokeClientCertificateAsync(new RevokeClientCertificateRequest { Fingerprint = fingerprint }, server.As("admin"))).Revoked);
        var revoked = await Assert.ThrowsAsync<RpcException>(async () => await new Verification.VerificationClient(withCertificate).VerifyAsync(request, noKey));
        Assert.Equal(StatusCode.Unauthenticated, revoked.StatusCode);
    }

    [Fact]
    public async Task Garbage_is_not_registered()
    {
        var error = await Assert.ThrowsAsync<RpcException>(async () => await new Administration.AdministrationClient(server.Channel).RegisterClientCertificateAsync(
            new RegisterClientCertificateRequest { Certificate = ByteString.CopyFromUtf8("not a certificate"), Role = "device", Name = "x" }, server.As("admin")));
        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Contains("X.509", error.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_registered_certificate_from_a_private_ca_the_server_does_not_trust_is_admitted_by_its_fingerprint()
    {
        using var caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var caRequest = new CertificateRequest("CN=regional device CA", caKey, HashAlgorithmName.SHA256);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        using var ca = caRequest.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(2));
        using var deviceKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var deviceRequest = new CertificateRequest("CN=desk-9 camera", deviceKey, HashAlgorithmName.SHA256);
        using var issued = deviceRequest.Create(ca, DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1), [1, 2, 3, 4]);
        using var withKey = issued.CopyWithPrivateKey(deviceKey);
        using var device = X509CertificateLoader.LoadPkcs12(withKey.Export(X509ContentType.Pkcs12), null);
        var request = new VerifyRequest { Pinfl = "61234567890124", Probe = new Probe { Template = new Template { ModelId = "faceplugin-arcface-r512", Vector = { TestVectors.Unit(22) } } } };
        using var channel = ServerChannel.Open(server.Address, server.Data.Certificate, device);

        var before = await Assert.ThrowsAsync<RpcException>(async () => await new Verification.VerificationClient(channel).VerifyAsync(request, new Metadata()));
        await new Administration.AdministrationClient(server.Channel).RegisterClientCertificateAsync(
            new RegisterClientCertificateRequest { Certificate = ByteString.CopyFromUtf8(device.ExportCertificatePem()), Role = "supervisor", Name = "desk-9" }, server.As("admin"));

        Assert.Equal(StatusCode.Unauthenticated, before.StatusCode);
        Assert.False((await new Verification.VerificationClient(channel).VerifyAsync(request, new Metadata())).Enrolled);
    }

    private static X509Certificate2 SelfSigned(string subject)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.2")], false));
        using var created = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
        // A PFX round-trip gives a certificate whose key SslStream can use on Linux.
        return X509CertificateLoader.LoadPkcs12(created.Export(X509ContentType.Pkcs12), null);
    }
}
