using EGov.Biometrics.Registry.Audit;
using EGov.Biometrics.Service.Access;
using EGov.Biometrics.Service.Decisions;
using EGov.Biometrics.Service.Desks;

namespace EGov.Biometrics.Service.Tests;

/// <summary>
/// The active check per desk (issue 12, "What to build" 2): a desk decision at a desk whose policy asks for it needs a
/// blink or a head turn of the decision's own face in the capture's frames, read by the server; the policy is per
/// desk, on by default, set by admins only and audited; what the agent reports decides nothing.
/// </summary>
public sealed class ActiveCheckTests : IDisposable
{
    private const string Alice = "31234567890123";
    private const string Desk = "desk-50";
    private readonly Domain _domain = new();
    private (Caller Device, DeskSession Session)? _desk;

    [Fact]
    public async Task A_still_photo_at_a_desk_with_the_check_on_is_refused_as_active_check_failed_and_audited()
    {
        var (result, decision) = await VerifyAtDeskAsync(_domain.Liveness.Still);

        Assert.True(result.ActiveCheckFailed);
        Assert.False(result.LivenessFailed); // the passive check took the photo for live: only the active check caught it
        Assert.False(result.Match);
        Assert.Equal("active-check-failed", result.Outcome);
        Assert.Equal(("verify", Alice, "active-check-failed"), (decision.Action, decision.Subject, decision.Decision));
        Assert.Null(decision.Score); // nothing was compared
        Assert.Contains("active check failed: blink not seen, yaw span 2.0 deg over 3 of 3 frames", decision.Details, StringComparison.Ordinal);
        Assert.Equal(1, _domain.Activity.Of(Desk).LivenessFailures); // the Situation Center counts it as a presentation-attack refusal
    }

    [Fact]
    public async Task A_head_turn_or_a_blink_of_the_same_face_passes_and_the_operator_simply_retries()
    {
        var (still, _) = await VerifyAtDeskAsync(_domain.Liveness.Still, "try-1");
        var (turn, turnDecision) = await VerifyAtDeskAsync([_domain.Liveness.Frame("left", 0.9f, yaw: -10), _domain.Liveness.Frame("right", 0.9f, yaw: 8)], "try-2");
        var (blink, _) = await VerifyAtDeskAsync([_domain.Liveness.Frame("open", 0.9f), _domain.Liveness.Frame("closed", 0.9f, eyesClosed: true)], "try-3");

        Assert.True(still.ActiveCheckFailed);
        Assert.True(turn.Match);
        Assert.Contains("active check passed: blink not seen, yaw span 18.0 deg", turnDecision.Details, StringComparison.Ordinal);
        Assert.True(blink.Match);
    }

    [Fact]
    public async Task Failed_active_checks_do_not_use_up_the_citizens_attempts()
    {
        // More refusals than the per-PINFL throttle allows failed decisions: nothing was compared, so none counts.
        for (var i = 0; i <= VerificationPolicy.Default.MaxFailedAttempts; i++)
        {
            Assert.True((await VerifyAtDeskAsync(_domain.Liveness.Still, $"still-{i}")).Result.ActiveCheckFailed);
        }

        var (turn, _) = await VerifyAtDeskAsync([_domain.Liveness.Frame("left", 0.9f, yaw: -10), _domain.Liveness.Frame("right", 0.9f, yaw: 10)], "turn");

        Assert.True(turn.Match);
    }

    [Fact]
    public async Task A_turn_or_blink_shown_only_by_another_face_is_no_evidence()
    {
        var (swapped, decision) = await VerifyAtDeskAsync(
        [
            _domain.Liveness.Frame("alice", 0.9f),
            _domain.Liveness.Frame("someone-turned", 0.9f, yaw: 30, sameFace: false),
            _domain.Liveness.Frame("someone-blinking", 0.9f, eyesClosed: true, sameFace: false),
        ]);

        Assert.True(swapped.ActiveCheckFailed);
        Assert.Contains("over 1 of 3 frames", decision.Details, StringComparison.Ordinal);
    }

    [Fact]
    public async Task What_the_agent_reports_is_ignored()
    {
        // The agent claims a perfect liveness and quality for a still photo: the server reads the frames itself.
        var (result, _) = await VerifyAtDeskAsync(_domain.Liveness.Still, agentLiveness: 99, agentQuality: 99);

        Assert.True(result.ActiveCheckFailed);
        Assert.Equal(1, _domain.Liveness.Reads);
    }

    [Fact]
    public async Task A_desk_identification_of_a_still_photo_is_audited_as_active_check_failed_and_names_no_one()
    {
        await _domain.Service.EnrollAsync(new EnrollCommand(Alice, [Domain.Template(Domain.Unit(1))]), Domain.Admin);
        var (device, session) = await OpenDeskAsync();

        var outcome = await _domain.Desks.RecordCaptureAsync(session, Capture("identify-1", agentLiveness: 0.9f, agentQuality: 0.9f) with { LivenessFrames = _domain.Liveness.Still }, device);

        Assert.False(outcome.Identified);
        var decision = Entry(outcome.DecisionId);
        Assert.Equal(("identify", string.Empty, "active-check-failed"), (decision.Action, decision.Subject, decision.Decision));
    }

    [Fact]
    public async Task A_photo_sent_with_a_key_bound_to_a_desk_that_requires_the_check_is_refused_not_decided()
    {
        // The other door: a still print the camera path refuses must not verify as an uploaded photo from that desk.
        await _domain.Service.EnrollAsync(new EnrollCommand(Alice, [Domain.Template(Domain.Unit(1))]), Domain.Admin);
        var photo = new Probes.ImageProbe(_domain.Analyzer.Image("alice-print", Domain.Near(Domain.Unit(1), 2)));

        var verify = await Assert.ThrowsAsync<Failures.PreconditionFailedException>(() => _domain.Service.VerifyAsync(Alice, photo, Domain.OperatorAt(Desk)));
        var identify = await Assert.ThrowsAsync<Failures.PreconditionFailedException>(() => _domain.Service.IdentifyAsync(photo, 3, new Caller("key:sup", Roles.Supervisor, Desk, DeskBound: true)));
        await _domain.Policies.SetActiveCheckAsync(Desk, false, Domain.Admin);
        var allowed = await _domain.Service.VerifyAsync(Alice, photo, Domain.OperatorAt(Desk));

        Assert.Contains($"Desk '{Desk}' requires the active liveness check", verify.Message, StringComparison.Ordinal);
        Assert.Contains("verify with its camera", identify.Message, StringComparison.Ordinal);
        Assert.True(allowed.Match);
        using var connection = _domain.Database.Open();
        Assert.DoesNotContain(AuditLog.Read(connection), e => e.Entry.Action == "verify" && e.Entry.Decision != "match"); // refused before anything was decided
    }

    [Fact]
    public async Task The_policy_is_per_desk_on_by_default_set_by_admins_only_and_audited()
    {
        Assert.True(_domain.Policies.RequiresActiveCheck(Desk));
        foreach (var caller in new[] { Domain.Supervisor, Domain.OperatorAt(Desk), Domain.Enroller, new Caller("key:dev", Roles.Device, Desk, DeskBound: true) })
        {
            await Assert.ThrowsAsync<AccessDeniedException>(() => _domain.Policies.SetActiveCheckAsync(Desk, false, caller));
        }

        Assert.Contains("desk", (await Assert.ThrowsAsync<ArgumentException>(() => _domain.Policies.SetActiveCheckAsync(string.Empty, false, Domain.Admin))).Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<ArgumentException>(() => _domain.Policies.SetActiveCheckAsync("desk 1\n<b>", false, Domain.Admin));
        await _domain.Policies.SetActiveCheckAsync(Desk, false, Domain.Admin);

        // The still photo that fails where the check is on decides at this desk, and the other desk keeps the check.
        var (result, _) = await VerifyAtDeskAsync(_domain.Liveness.Still);
        Assert.True(result.Match);
        Assert.Equal(1, _domain.Liveness.Reads); // read to tie the frames to the face, not judged
        Assert.True(_domain.Policies.RequiresActiveCheck("desk-51"));
        Assert.Contains(_domain.Desks.ListDesks(), d => d is { Desk: Desk, ActiveCheck: false });
        var situation = new Situation.SituationQuery(_domain.Hub, _domain.Captures, _domain.Activity, _domain.Clock, Situation.AlertOptions.Default, _domain.Attempts, _domain.Policies);
        Assert.False(situation.Snapshot(Domain.Supervisor).Centres.SelectMany(c => c.Desks).Single(d => d.Desk == Desk).ActiveCheck);

        using var connection = _domain.Database.Open();
        var changes = AuditLog.Read(connection).Select(e => e.Entry).Where(e => e.Action == "set-desk-policy").ToList();
        Assert.Equal(("key:admin", $"desk:{Desk}", "active-check-off"), (changes.Single().Caller, changes.Single().Subject, changes.Single().Decision));

        // The policy outlives a restart: it is in the registry, not only in memory.
        Assert.False(new DeskPolicies(new Registry.Desks.DeskPolicyStore(_domain.Registry), _domain.Clock).RequiresActiveCheck(Desk));
    }

    public void Dispose() => _domain.Dispose();

    private DeskCapture Capture(string key, float agentLiveness, float agentQuality, string requestId = "") =>
        new(key, Domain.Model, _domain.Analyzer.Crop("alice", Domain.Near(Domain.Unit(1), 3)), 2, _domain.Clock.GetUtcNow().ToString("O"), agentQuality, agentLiveness, requestId);

    // An operator bound to the desk verifies Alice on the desk's next capture, whose liveness frames are those given.
    private async Task<(VerifyResult Result, AuditEntry Decision)> VerifyAtDeskAsync(IReadOnlyList<byte[]> frames, string key = "capture-1", float agentLiveness = 0.9f, float agentQuality = 0.9f)
    {
        if (!_domain.Index.For(Domain.Model).ContainsSubject(Alice))
        {
            await _domain.Service.EnrollAsync(new EnrollCommand(Alice, [Domain.Template(Domain.Unit(1))]), Domain.Admin);
        }

        _desk ??= await OpenDeskAsync();
        var (device, session) = _desk.Value;
        var verifying = _domain.Desks.VerifyAtDeskAsync(Desk, Alice, Domain.OperatorAt(Desk), timeoutSeconds: 10);
        var request = await session.Requests.Reader.ReadAsync();
        await _domain.Desks.RecordCaptureAsync(session, Capture(key, agentLiveness, agentQuality, request.RequestId) with { LivenessFrames = frames }, device);
        var result = await verifying;
        return (result, Entry(result.DecisionId));
    }

    private async Task<(Caller, DeskSession)> OpenDeskAsync()
    {
        var (device, _) = await _domain.DeviceAsync(Desk);
        return (device, await _domain.Desks.OpenAsync(device, Desk, "1.0", Domain.Model));
    }

    private AuditEntry Entry(long seq)
    {
        using var connection = _domain.Database.Open();
        return AuditLog.Read(connection).Single(e => e.Seq == seq).Entry;
    }
}
