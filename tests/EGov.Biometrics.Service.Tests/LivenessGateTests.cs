using EGov.Biometrics.Registry.Audit;
using EGov.Biometrics.Service.Access;
using EGov.Biometrics.Service.Decisions;
using EGov.Biometrics.Service.Desks;
using EGov.Biometrics.Service.Probes;

namespace EGov.Biometrics.Service.Tests;

/// <summary>
/// Issue 12, finding 2: every decision applies the one liveness threshold to the server's own score. Image verify and
/// identify, verify-at-desk and the desk stream's 1:N refuse a presentation attack as "liveness-failed" (audited, no
/// score learnt); a desk capture's liveness comes from its frames, never from the number the agent reports.
/// </summary>
public sealed class LivenessGateTests : IDisposable
{
    private const string Alice = "31234567890123";
    private static readonly Caller Device = new("key:dev8", Roles.Device, "desk-8", DeskBound: true);
    private static readonly Caller Operator8 = new("key:op8", Roles.Operator, "desk-8", DeskBound: true);

    private readonly Domain _domain = new();

    [Fact]
    public async Task A_screen_replay_image_of_an_enrolled_citizen_is_refused_with_liveness_failed_and_audited()
    {
        await EnrolAliceAsync();
        var screen = _domain.Analyzer.Image("alice-on-a-phone", Domain.Near(Domain.Unit(1), 5), liveness: 0.24f);

        var result = await _domain.Service.VerifyAsync(Alice, new ImageProbe(screen), Domain.Operator);

        Assert.True(result.LivenessFailed);
        Assert.False(result.Match);
        Assert.Equal("liveness-failed", result.Outcome);
        Assert.True(float.IsNaN(result.Similarity)); // no comparison: a screen at the camera learns no score
        var audit = Decision(result.DecisionId);
        Assert.Equal(("verify", Alice, "liveness-failed"), (audit.Action, audit.Subject, audit.Decision));
        Assert.Null(audit.Score);
        Assert.Contains("liveness 0.240", audit.Details, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Identify_applies_the_liveness_gate_and_names_no_one()
    {
        await EnrolAliceAsync();
        var print = _domain.Analyzer.Image("alice-printed", Domain.Near(Domain.Unit(1), 6), liveness: 0.1f);
        var live = _domain.Analyzer.Image("alice-live", Domain.Near(Domain.Unit(1), 7), liveness: 0.9f);

        var refused = await _domain.Service.IdentifyAsync(new ImageProbe(print), 5, Domain.Supervisor);
        var found = await _domain.Service.IdentifyAsync(new ImageProbe(live), 5, Domain.Supervisor);

        Assert.True(refused.LivenessFailed);
        Assert.Equal("liveness-failed", refused.Outcome);
        Assert.Empty(refused.Candidates);
        Assert.Equal(("identify", "liveness-failed"), (Decision(refused.DecisionId).Action, Decision(refused.DecisionId).Decision));
        Assert.False(found.LivenessFailed);
        Assert.Equal(Alice, Assert.Single(found.Candidates).Pinfl);
        Assert.Contains("liveness 0.900", Decision(found.DecisionId).Details, StringComparison.Ordinal);
    }

    [Fact]
    public async Task At_a_desk_a_screen_replay_is_refused_with_liveness_failed_and_the_next_live_capture_verifies()
    {
        await EnrolAliceAsync();
        var session = await _domain.Desks.OpenAsync(Device, "desk-8", "1.0", Domain.Model);

        var screen = await VerifyAtDeskAsync(session, "capture-1", _domain.Liveness.Screen, agentLiveness: 0.99f);
        var retry = await VerifyAtDeskAsync(session, "capture-2", _domain.Liveness.Live, agentLiveness: 0.99f);

        Assert.True(screen.LivenessFailed);
        Assert.Equal("liveness-failed", screen.Outcome);
        Assert.Null(screen.Liveness); // the operator learns the outcome, not the score a presentation could be tuned on
        Assert.Contains("liveness 0.100", Decision(screen.DecisionId).Details, StringComparison.Ordinal); // the frames' median, not the agent's 0.99
        Assert.Equal(("verify", "desk-8", "liveness-failed"), (Decision(screen.DecisionId).Action, Decision(screen.DecisionId).Desk, Decision(screen.DecisionId).Decision));
        Assert.True(retry.Match); // a refused citizen simply tries again: no lockout, no extra step
        Assert.Equal((2L, 1L), (_domain.Activity.Of("desk-8").Verifications, _domain.Activity.Of("desk-8").LivenessFailures));
    }

    [Theory]
    [InlineData(-5f)]
    [InlineData(99f)]
    [InlineData(0f)]
    public async Task The_liveness_an_agent_reports_changes_nothing(float agentLiveness)
    {
        await EnrolAliceAsync();
        var session = await _domain.Desks.OpenAsync(Device, "desk-8", "1.0", Domain.Model);

        var live = await VerifyAtDeskAsync(session, "live", _domain.Liveness.Live, agentLiveness);
        var screen = await VerifyAtDeskAsync(session, "screen", _domain.Liveness.Screen, agentLiveness);
        var noFrames = await VerifyAtDeskAsync(session, "bare", [], agentLiveness);

        // The scores are the server's (in the audit; the operator sees only the outcome).
        Assert.Equal((true, true, true), (live.Match, screen.LivenessFailed, noFrames.LivenessFailed)); // no frames, no evidence: refused
        Assert.Contains("liveness 0.900", Decision(live.DecisionId).Details, StringComparison.Ordinal);
        Assert.Contains("liveness 0.100", Decision(screen.DecisionId).Details, StringComparison.Ordinal);
        Assert.Contains("liveness 0.000", Decision(noFrames.DecisionId).Details, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_desk_streams_identification_applies_the_gate_and_audits_the_refusal()
    {
        await EnrolAliceAsync();
        var session = await _domain.Desks.OpenAsync(Device, "desk-8", "1.0", Domain.Model);

        var screen = await _domain.Desks.RecordCaptureAsync(session, Capture("s", _domain.Liveness.Screen, 99f), Device);
        var live = await _domain.Desks.RecordCaptureAsync(session, Capture("l", _domain.Liveness.Live, -5f), Device);

        Assert.False(screen.Identified);
        Assert.Equal(("identify", "liveness-failed"), (Decision(screen.DecisionId).Action, Decision(screen.DecisionId).Decision));
        Assert.Equal("liveness-failed", screen.Outcome); // the metrics' label: a refusal, not just "not identified"
        Assert.True(live.Identified);
        Assert.Equal("identified", live.Outcome);
    }

    [Fact]
    public async Task Live_frames_of_another_face_do_not_vouch_for_the_crop_even_where_the_active_check_is_off()
    {
        // A desk key in the wrong hands: the citizen's crop (from a photo) sent with live frames of the attacker.
        await EnrolAliceAsync();
        await _domain.Policies.SetActiveCheckAsync("desk-8", false, Domain.Admin);
        var session = await _domain.Desks.OpenAsync(Device, "desk-8", "1.0", Domain.Model);
        IReadOnlyList<byte[]> attacker = [.. Enumerable.Range(1, 3).Select(i => _domain.Liveness.Frame($"attacker-{i}", 0.95f, sameFace: false))];

        var forged = await VerifyAtDeskAsync(session, "forged", attacker, 0.99f);
        var genuine = await VerifyAtDeskAsync(session, "genuine", _domain.Liveness.Live, 0.99f);

        Assert.True(forged.LivenessFailed);
        Assert.False(forged.Match);
        Assert.True(genuine.Match);
    }

    [Fact]
    public async Task A_capture_whose_liveness_frame_is_not_an_image_is_refused_naming_the_frame()
    {
        var session = await _domain.Desks.OpenAsync(Device, "desk-8", "1.0", Domain.Model);

        var outcome = await _domain.Desks.RecordCaptureAsync(session, Capture("k", [_domain.Liveness.Live[0], [1, 2, 3]], 0.9f), Device);

        Assert.Contains("Liveness frame", outcome.Error, StringComparison.Ordinal);
        Assert.Empty(_domain.Captures.CountByDesk());
    }

    public void Dispose() => _domain.Dispose();

    private Task EnrolAliceAsync() => _domain.Service.EnrollAsync(new EnrollCommand(Alice, [Domain.Template(Domain.Unit(1))]), Domain.Admin);

    private DeskCapture Capture(string key, IReadOnlyList<byte[]> frames, float agentLiveness, string requestId = "") =>
        new(key, Domain.Model, _domain.Analyzer.Crop("alice-" + key, Domain.Near(Domain.Unit(1), 3)), 2, "2026-12-01T09:00:01Z", 0.8f, agentLiveness, requestId)
        {
            LivenessFrames = frames,
        };

    private async Task<VerifyResult> VerifyAtDeskAsync(DeskSession session, string key, IReadOnlyList<byte[]> frames, float agentLiveness)
    {
        var verifying = _domain.Desks.VerifyAtDeskAsync("desk-8", Alice, Operator8, timeoutSeconds: 10);
        var request = await session.Requests.Reader.ReadAsync();
        await _domain.Desks.RecordCaptureAsync(session, Capture(key, frames, agentLiveness, request.RequestId), Device);
        return await verifying;
    }

    private AuditEntry Decision(long seq)
    {
        using var connection = _domain.Database.Open();
        return AuditLog.Read(connection).Single(e => e.Seq == seq).Entry;
    }
}
