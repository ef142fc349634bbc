using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using EGov.Biometrics.Service.Access;
using EGov.Biometrics.Service.Decisions;
using EGov.Biometrics.Service.Desks;

namespace EGov.Biometrics.Service.Tests;

/// <summary>Issue 12, findings 3, 6 and 7 (device role): a credential is checked where it is used, and an operator's error stays the operator's.</summary>
public sealed class CredentialsWhereUsedTests : IDisposable
{
    private const string Alice = "31234567890123";
    private readonly Domain _domain = new();

    [Fact]
    public async Task Revoking_a_device_key_ends_its_open_session_at_once_without_waiting_for_a_message()
    {
        var (device, keyId) = await _domain.DeviceAsync("desk-8");
        var session = await _domain.Desks.OpenAsync(device, "desk-8", "1.0", Domain.Model);
        var (other, _) = await _domain.DeviceAsync("desk-9");
        var untouched = await _domain.Desks.OpenAsync(other, "desk-9", "1.0", Domain.Model);

        await _domain.Credentials.RevokeApiKeyAsync(keyId, Domain.Admin);

        Assert.True(session.Closed.IsCancellationRequested);
        Assert.True(session.Revoked);
        Assert.Null(_domain.Hub.Find("desk-8"));
        Assert.False(untouched.Closed.IsCancellationRequested);
        await Assert.ThrowsAsync<DeskUnavailableException>(() => _domain.Desks.VerifyAtDeskAsync("desk-8", Alice, Domain.OperatorAt("desk-8")));
    }

    [Fact]
    public async Task Revoking_a_device_certificate_by_its_fingerprint_in_any_spelling_ends_its_open_session()
    {
        using var key = ECDsa.Create();
        using var certificate = new CertificateRequest("CN=desk-8 agent", key, HashAlgorithmName.SHA256).CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
        var fingerprint = await _domain.Credentials.RegisterCertificateAsync(certificate.RawData, Roles.Device, "desk-8 agent", "desk-8", Domain.Admin);
        var device = Caller.For(_domain.Credentials.Authenticate(certificate)!, null);
        var session = await _domain.Desks.OpenAsync(device, "desk-8", "1.0", Domain.Model);

        // The administrator may paste the fingerprint as a certificate viewer shows it: upper case, with colons.
        await _domain.Credentials.RevokeCertificateAsync(string.Join(":", Convert.FromHexString(fingerprint).Select(b => b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture))), Domain.Admin);

        Assert.True(session.Revoked);
        Assert.Null(_domain.Hub.Find("desk-8"));
    }

    [Theory]
    [InlineData("2000-01-01T00:00:00Z")]
    [InlineData("2099-01-01T00:00:00Z")]
    [InlineData("2026-12-01T08:59:50Z")]
    [InlineData("yesterday")] // not a time: the operator hears so at once, not at the request's deadline
    public async Task A_capture_taken_before_the_request_or_in_the_future_does_not_answer_it_and_the_agent_stays_up(string capturedAt)
    {
        await _domain.Service.EnrollAsync(new EnrollCommand(Alice, [Domain.Template(Domain.Unit(1))]), Domain.Admin);
        var (device, _) = await _domain.DeviceAsync("desk-8");
        var session = await _domain.Desks.OpenAsync(device, "desk-8", "1.0", Domain.Model);
        var face = _domain.Analyzer.Crop("alice", Domain.Near(Domain.Unit(1), 3));

        var verifying = _domain.Desks.VerifyAtDeskAsync("desk-8", Alice, Domain.OperatorAt("desk-8"), timeoutSeconds: 10);
        var request = await session.Requests.Reader.ReadAsync();
        var ack = await _domain.Desks.RecordCaptureAsync(session, new DeskCapture("stale", Domain.Model, face, 1, capturedAt, 0.8f, 0.9f, request.RequestId), device);

        Assert.Contains("captured_at", (await Assert.ThrowsAsync<ArgumentException>(() => verifying)).Message, StringComparison.Ordinal);
        Assert.Contains("captured_at", ack.Error, StringComparison.Ordinal);
        Assert.Equal(1, _domain.Activity.Of("desk-8").CapturesRejected); // one refused capture, counted once

        // The same session answers the next request with a fresh capture.
        verifying = _domain.Desks.VerifyAtDeskAsync("desk-8", Alice, Domain.OperatorAt("desk-8"), timeoutSeconds: 10);
        request = await session.Requests.Reader.ReadAsync();
        await _domain.Desks.RecordCaptureAsync(session, new DeskCapture("fresh", Domain.Model, face, 1, "2026-12-01T09:00:01Z", 0.8f, 0.9f, request.RequestId) { LivenessFrames = _domain.Liveness.Live }, device);
        Assert.True((await verifying).Match);
    }

    [Fact]
    public async Task Only_an_operator_bound_to_the_desk_verifies_there_and_a_bad_request_never_reaches_the_agent()
    {
        await _domain.Service.EnrollAsync(new EnrollCommand(Alice, [Domain.Template(Domain.Unit(1))]), Domain.Admin);
        var (device, _) = await _domain.DeviceAsync("desk-8");
        var session = await _domain.Desks.OpenAsync(device, "desk-8", "1.0", Domain.Model);

        var unbound = await Assert.ThrowsAsync<AccessDeniedException>(() => _domain.Desks.VerifyAtDeskAsync("desk-8", Alice, new Caller("key:op", Roles.Operator, "desk-8")));
        Assert.Contains("bound to the desk", unbound.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<ArgumentException>(() => _domain.Desks.VerifyAtDeskAsync("desk-8", "123", Domain.OperatorAt("desk-8")));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => _domain.Desks.VerifyAtDeskAsync("desk-8", Alice, Domain.OperatorAt("desk-8"), fmr: double.NaN));
        await Assert.ThrowsAsync<AccessDeniedException>(() => _domain.Desks.VerifyAtDeskAsync("desk-8", Alice, Domain.OperatorAt("desk-8"), fmr: 1e-2));
        await Assert.ThrowsAsync<ArgumentException>(() => _domain.Desks.VerifyAtDeskAsync("desk-8\n<b>", Alice, Domain.Supervisor));
        Assert.Contains("needs desk_id", (await Assert.ThrowsAsync<ArgumentException>(() => _domain.Desks.VerifyAtDeskAsync(string.Empty, Alice, Domain.Supervisor))).Message, StringComparison.Ordinal);
        Assert.False(session.Requests.Reader.TryRead(out _));

        // A supervisor may verify at any desk, and reads the score.
        var verifying = _domain.Desks.VerifyAtDeskAsync("desk-8", Alice, Domain.Supervisor, timeoutSeconds: 10);
        var request = await session.Requests.Reader.ReadAsync();
        await _domain.Desks.RecordCaptureAsync(session, new DeskCapture("k", Domain.Model, _domain.Analyzer.Crop("alice", Domain.Near(Domain.Unit(1), 3)), 1, "2026-12-01T09:00:00Z", 0.8f, 0.9f, request.RequestId) { LivenessFrames = _domain.Liveness.Live }, device);
        Assert.False(float.IsNaN((await verifying).Similarity));

        // An operator bound to the desk need not name it: the credential does.
        verifying = _domain.Desks.VerifyAtDeskAsync(string.Empty, Alice, Domain.OperatorAt("desk-8"), timeoutSeconds: 10);
        request = await session.Requests.Reader.ReadAsync();
        await _domain.Desks.RecordCaptureAsync(session, new DeskCapture("k2", Domain.Model, _domain.Analyzer.Crop("alice", Domain.Near(Domain.Unit(1), 3)), 1, "2026-12-01T09:00:00Z", 0.8f, 0.9f, request.RequestId) { LivenessFrames = _domain.Liveness.Live }, device);
        Assert.True((await verifying).Match);
    }

    [Theory]
    [InlineData("desk\0one", "U+0000")]
    [InlineData("desk-1\r\nforged: entry", "U+000D")]
    [InlineData("<script>alert(1)</script>", "U+003C")]
    [InlineData("desk 1", "U+0020")]
    public void A_desk_named_by_an_unbound_key_is_checked_before_it_reaches_the_audit(string desk, string named)
    {
        var unbound = new Credential("key:op", Roles.Operator, string.Empty);

        Assert.Contains(named, Assert.Throws<ArgumentException>(() => Caller.For(unbound, desk)).Message, StringComparison.Ordinal);
        Assert.Equal("Окно-3", Caller.For(unbound, "Окно-3").Desk);
    }

    [Fact]
    public async Task A_device_key_is_not_admitted_to_verify_and_a_bad_desk_binding_is_refused_at_creation()
    {
        var (device, _) = await _domain.DeviceAsync("desk-8");

        Assert.False(AccessPolicies.Admits(AccessPolicies.Verify, device));
        await Assert.ThrowsAsync<ArgumentException>(() => _domain.Credentials.CreateApiKeyAsync(Roles.Operator, "desk-8<img>", Domain.Admin));
    }

    public void Dispose() => _domain.Dispose();
}
