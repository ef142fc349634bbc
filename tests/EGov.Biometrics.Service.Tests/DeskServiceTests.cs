using EGov.Biometrics.Service.Access;
using EGov.Biometrics.Service.Decisions;
using EGov.Biometrics.Service.Desks;

namespace EGov.Biometrics.Service.Tests;

/// <summary>The desk flow without a server: opening a stream, idempotent captures, verify-at-desk and the desk list.</summary>
public sealed class DeskServiceTests : IDisposable
{
    private const string Alice = "31234567890123";
    private static readonly Caller Device = new("key:dev8", Roles.Device, "desk-8", DeskBound: true);

    private readonly Domain _domain = new();

    [Fact]
    public async Task Only_a_device_bound_to_the_desk_it_announces_opens_the_desk()
    {
        var unbound = await Assert.ThrowsAsync<AccessDeniedException>(() => _domain.Desks.OpenAsync(Device with { DeskBound = false }, "desk-8", "1.0", Domain.Model));
        var elsewhere = await Assert.ThrowsAsync<ArgumentException>(() => _domain.Desks.OpenAsync(Device, "desk-9", "1.0", Domain.Model));
        var operatorKey = await Assert.ThrowsAsync<AccessDeniedException>(() => _domain.Desks.OpenAsync(new Caller("key:op", Roles.Operator, "desk-8", DeskBound: true), "desk-8", "1.0", Domain.Model));

        Assert.Contains("bound to its desk", unbound.Message, StringComparison.Ordinal);
        Assert.Contains("desk-9", elsewhere.Message, StringComparison.Ordinal);
        Assert.NotNull(operatorKey);
        Assert.Empty(_domain.Hub.Online);
    }

    [Fact]
    public async Task A_capture_is_recorded_once_by_its_key_and_a_resend_gets_the_first_decision_back()
    {
        await _domain.Service.EnrollAsync(new EnrollCommand(Alice, [Domain.Template(Domain.Unit(1))]), Domain.Admin);
        var session = await _domain.Desks.OpenAsync(Device, "desk-8", "1.0", Domain.Model);
        var capture = new DeskCapture("capture-1", Domain.Model, _domain.Analyzer.Crop("alice", Domain.Near(Domain.Unit(1), 2)), 7, "2026-12-01T09:00:00Z", 0.8f, 0.9f)
        {
            LivenessFrames = _domain.Liveness.Live,
        };

        var first = await _domain.Desks.RecordCaptureAsync(session, capture, Device);
        var resent = await _domain.Desks.RecordCaptureAsync(session, capture, Device);

        Assert.True(first.Identified);
        Assert.False(first.Duplicate);
        Assert.True(resent.Duplicate);
        Assert.False(resent.Identified);
        Assert.Equal(first.DecisionId, resent.DecisionId);
        Assert.Equal(1, _domain.Captures.CountByDesk()["desk-8"]);
        Assert.Equal(2, _domain.Registry.AuditEntries()); // the enrolment and one identification, not two
    }

    [Theory]
    [InlineData("", "alice", "2026-12-01T09:00:00Z", "idempotency_key")]
    [InlineData("k1", "alice", "yesterday", "ISO 8601")]
    [InlineData("k2", "garbage", "2026-12-01T09:00:00Z", "not a recognised image format")]
    [InlineData("k3", "", "2026-12-01T09:00:00Z", "aligned face")]
    public async Task A_faulty_capture_is_refused_in_its_acknowledgement_and_not_recorded(string key, string crop, string at, string reason)
    {
        var session = await _domain.Desks.OpenAsync(Device, "desk-8", "1.0", Domain.Model);
        var image = crop == "alice" ? _domain.Analyzer.Crop("alice", Domain.Unit(1)) : System.Text.Encoding.UTF8.GetBytes(crop);

        var outcome = await _domain.Desks.RecordCaptureAsync(session, new DeskCapture(key, Domain.Model, image, 1, at, 0.8f, 0.9f), Device);

        Assert.Contains(reason, outcome.Error, StringComparison.Ordinal);
        Assert.Empty(_domain.Captures.CountByDesk());
    }

    [Fact]
    public async Task A_crop_for_a_model_this_server_does_not_embed_fails_the_call_so_the_agent_keeps_it()
    {
        var session = await _domain.Desks.OpenAsync(Device, "desk-8", "1.0", Domain.Model);
        var capture = new DeskCapture("k", "retired-model", [1, 2, 3], 1, "2026-12-01T09:00:00Z", 0.8f, 0.9f);

        Assert.Contains("retired-model", (await Assert.ThrowsAsync<ModelNotServedException>(() => _domain.Desks.RecordCaptureAsync(session, capture, Device))).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_operator_verifies_on_the_desks_next_capture_and_the_decision_is_the_operators()
    {
        await _domain.Service.EnrollAsync(new EnrollCommand(Alice, [Domain.Template(Domain.Unit(1))]), Domain.Admin);
        var session = await _domain.Desks.OpenAsync(Device, "desk-8", "1.0", Domain.Model);
        var operatorAt8 = Domain.OperatorAt("desk-8");

        var verifying = _domain.Desks.VerifyAtDeskAsync("desk-8", Alice, operatorAt8, timeoutSeconds: 10);
        var request = await session.Requests.Reader.ReadAsync();
        var ack = await _domain.Desks.RecordCaptureAsync(
            session,
            new DeskCapture("capture-9", Domain.Model, _domain.Analyzer.Crop("alice", Domain.Near(Domain.Unit(1), 3)), 2, "2026-12-01T09:00:01Z", 0.8f, 0.95f, request.RequestId)
            {
                LivenessFrames = _domain.Liveness.Live,
            },
            Device);
        var result = await verifying;

        Assert.True(result.Match);
        Assert.Null(result.Liveness); // withheld from the operator, like the similarity
        Assert.Equal(result.DecisionId, ack.DecisionId);
        using var connection = _domain.Database.Open();
        var decision = Registry.Audit.AuditLog.Read(connection).Single(e => e.Seq == result.DecisionId).Entry;
        Assert.Contains("liveness 0.900", decision.Details, StringComparison.Ordinal); // the server's own score (median of the frames), not the agent's 0.95
        Assert.Equal(("key:op", "verify", "desk-8", Alice, "match"), (decision.Caller, decision.Action, decision.Desk, decision.Subject, decision.Decision));
        Assert.Equal(1, _domain.Captures.CountByDesk()["desk-8"]);
    }

    [Fact]
    public async Task Verify_at_desk_refuses_another_desk_for_a_bound_operator_and_a_desk_that_is_absent_or_silent()
    {
        var boundOperator = new Caller("key:op3", Roles.Operator, "desk-3", DeskBound: true);
        var session = await _domain.Desks.OpenAsync(Device, "desk-8", "1.0", Domain.Model);

        Assert.Contains("desk-8", (await Assert.ThrowsAsync<AccessDeniedException>(() => _domain.Desks.VerifyAtDeskAsync("desk-8", Alice, boundOperator))).Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<DeskUnavailableException>(() => _domain.Desks.VerifyAtDeskAsync("nowhere", Alice, Domain.Supervisor));
        Assert.Contains("timeout_seconds", (await Assert.ThrowsAsync<ArgumentException>(() => _domain.Desks.VerifyAtDeskAsync("desk-8", Alice, Domain.OperatorAt("desk-8"), timeoutSeconds: 121))).Message, StringComparison.Ordinal);

        _domain.Clock.Advance(DeskService.Silent + TimeSpan.FromSeconds(1));
        Assert.Contains("not been heard from", (await Assert.ThrowsAsync<DeskUnavailableException>(() => _domain.Desks.VerifyAtDeskAsync("desk-8", Alice, Domain.OperatorAt("desk-8")))).Message, StringComparison.Ordinal);
        var listed = Assert.Single(_domain.Desks.ListDesks());
        Assert.False(listed.Online);
        Assert.Equal("silent", listed.Camera);

        var (device, _) = await _domain.DeviceAsync("desk-8");
        _domain.Desks.Heard(session, device);
        await _domain.Desks.ApplyHeartbeatAsync(session, new DeskHeartbeat(12.5, 3, "streaming", new string('e', 1000)));
        listed = Assert.Single(_domain.Desks.ListDesks());
        Assert.True(listed.Online);
        Assert.Equal(12.5, listed.Fps);
        Assert.Equal(256, listed.CameraError.Length);

        await _domain.Desks.CloseAsync(session);
        Assert.Equal("offline", Assert.Single(_domain.Desks.ListDesks()).Camera);
    }

    [Fact]
    public async Task A_device_revoked_while_its_stream_is_open_is_turned_away_at_its_next_message_heartbeat_or_capture()
    {
        var (device, keyId) = await _domain.DeviceAsync("desk-8");
        var session = await _domain.Desks.OpenAsync(device, "desk-8", "1.0", Domain.Model);
        _domain.Desks.Heard(session, device);

        await _domain.Credentials.RevokeApiKeyAsync(keyId, Domain.Admin);

        Assert.Contains("revoked", Assert.Throws<CredentialRevokedException>(() => _domain.Desks.Heard(session, device)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_operators_bad_request_fails_before_the_desk_is_asked_and_a_failed_verification_does_not_end_the_agents_stream()
    {
        await _domain.Service.EnrollAsync(new EnrollCommand(Alice, [Domain.Template(Domain.Unit(1))]), Domain.Admin);
        var session = await _domain.Desks.OpenAsync(Device, "desk-8", "1.0", Domain.Model);

        // An FMR the calibration cannot run at: refused at once, and no capture request reaches the agent.
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => _domain.Desks.VerifyAtDeskAsync("desk-8", Alice, Domain.OperatorAt("desk-8"), fmr: 0.5));
        Assert.False(session.Requests.Reader.TryRead(out _));

        // A capture that answers a request but cannot be used: the operator hears why, the agent gets a refusal, not a broken stream.
        var verifying = _domain.Desks.VerifyAtDeskAsync("desk-8", Alice, Domain.OperatorAt("desk-8"), timeoutSeconds: 10);
        var request = await session.Requests.Reader.ReadAsync();
        var ack = await _domain.Desks.RecordCaptureAsync(session, new DeskCapture("capture-x", Domain.Model, [1, 2, 3], 1, "2026-12-01T09:00:00Z", 0.8f, 0.9f, request.RequestId), Device);

        Assert.Contains("not a recognised image format", (await Assert.ThrowsAsync<ArgumentException>(() => verifying)).Message, StringComparison.Ordinal);
        Assert.Contains("not a recognised image format", ack.Error, StringComparison.Ordinal);
        Assert.Equal("refused", ack.Outcome);
    }

    public void Dispose() => _domain.Dispose();
}
