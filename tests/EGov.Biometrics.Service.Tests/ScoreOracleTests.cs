using EGov.Biometrics.Registry.Audit;
using EGov.Biometrics.Service.Access;
using EGov.Biometrics.Service.Decisions;
using EGov.Biometrics.Service.Failures;
using EGov.Biometrics.Service.Probes;
using EGov.Biometrics.Service.Situation;

namespace EGov.Biometrics.Service.Tests;

/// <summary>Issue 12, finding 1 and 7 (FMR): a verifier learns the decision, not the score, its failures against one PINFL are throttled, and it cannot lower the threshold.</summary>
public sealed class ScoreOracleTests : IDisposable
{
    private const string Alice = "31234567890123";
    private readonly Domain _domain = new();

    [Fact]
    public async Task An_operator_gets_the_decision_without_the_score_which_supervisors_and_the_audit_keep()
    {
        await _domain.Service.EnrollAsync(new EnrollCommand(Alice, [Domain.Template(Domain.Unit(1))]), Domain.Admin);
        var photo = new ImageProbe(_domain.Analyzer.Image("alice-again", Domain.Near(Domain.Unit(1), 2)));

        var asOperator = await _domain.Service.VerifyAsync(Alice, photo, Domain.Operator);
        var asSupervisor = await _domain.Service.VerifyAsync(Alice, photo, Domain.Supervisor);

        Assert.True(asOperator.Match);
        Assert.True(float.IsNaN(asOperator.Similarity), $"an operator read similarity {asOperator.Similarity}");
        Assert.InRange(asSupervisor.Similarity, 0.5f, 1f);
        using var connection = _domain.Database.Open();
        var audited = AuditLog.Read(connection).Single(e => e.Seq == asOperator.DecisionId).Entry;
        Assert.Equal(asSupervisor.Similarity, audited.Score!.Value, 4);
    }

    [Fact]
    public async Task An_operator_probing_who_is_enrolled_one_pinfl_at_a_time_is_capped_over_all_pinfls_a_supervisor_is_not()
    {
        await _domain.Service.EnrollAsync(new EnrollCommand(Alice, [Domain.Template(Domain.Unit(1))]), Domain.Admin);
        var genuine = new ImageProbe(_domain.Analyzer.Image("alice-again", Domain.Near(Domain.Unit(1), 2)));
        var atDesk = Domain.OperatorAt("desk-3");
        await _domain.Policies.SetActiveCheckAsync("desk-3", false, Domain.Admin); // a desk that verifies photos
        static string Pinfl(int i) => $"4{i:D13}";

        // One attempt per PINFL never meets the per-PINFL limit; "not enrolled" would tell who is, a PINFL a call.
        for (var i = 0; i < VerificationPolicy.Default.MaxFailedPerCredential; i++)
        {
            Assert.False((await _domain.Service.VerifyAsync(Pinfl(i), genuine, atDesk)).Enrolled);
        }

        var refused = await Assert.ThrowsAsync<AttemptsThrottledException>(() => _domain.Service.VerifyAsync(Alice, genuine, atDesk));
        Assert.Contains("against any PINFL", refused.Message, StringComparison.Ordinal);
        Assert.Equal(FailureKind.ResourceExhausted, Failure.Of(refused)!.Kind);

        // A supervisor reads scores and lists subjects anyway: only the per-PINFL limit applies to it.
        for (var i = 0; i < VerificationPolicy.Default.MaxFailedPerCredential + 5; i++)
        {
            Assert.False((await _domain.Service.VerifyAsync(Pinfl(i), genuine, Domain.Supervisor)).Enrolled);
        }

        Assert.True((await _domain.Service.VerifyAsync(Alice, genuine, Domain.Supervisor)).Match);
    }

    [Fact]
    public async Task Repeated_failures_against_one_pinfl_from_one_credential_are_throttled_with_the_wait_named_and_alerted()
    {
        await _domain.Service.EnrollAsync(new EnrollCommand(Alice, [Domain.Template(Domain.Unit(1))]), Domain.Admin);
        var stranger = new ImageProbe(_domain.Analyzer.Image("stranger", Domain.Unit(2)));
        var genuine = new ImageProbe(_domain.Analyzer.Image("alice-again", Domain.Near(Domain.Unit(1), 2)));
        var atDesk = Domain.OperatorAt("desk-3");
        await _domain.Policies.SetActiveCheckAsync("desk-3", false, Domain.Admin); // a desk that verifies photos
        ThrottledCredential? raised = null;
        _domain.Attempts.Throttled += t => raised = t;

        // A citizen verified many times is no attack: matches are not counted.
        for (var i = 0; i < 10; i++)
        {
            Assert.True((await _domain.Service.VerifyAsync(Alice, genuine, atDesk)).Match);
        }

        for (var i = 0; i < VerificationPolicy.Default.MaxFailedAttempts; i++)
        {
            Assert.False((await _domain.Service.VerifyAsync(Alice, stranger, atDesk)).Match);
        }

        var refused = await Assert.ThrowsAsync<AttemptsThrottledException>(() => _domain.Service.VerifyAsync(Alice, genuine, atDesk));
        Assert.Equal(FailureKind.ResourceExhausted, Failure.Of(refused)!.Kind);
        Assert.Contains("try again in 900 s", refused.Message, StringComparison.Ordinal);
        Assert.Equal(("key:op", "desk-3"), (raised!.CredentialId, raised.Desk));

        // Another credential, or another PINFL, is not held up; the alert stands at the desk for the window.
        Assert.True((await _domain.Service.VerifyAsync(Alice, genuine, Domain.Supervisor)).Match);
        Assert.False((await _domain.Service.VerifyAsync("31234567890124", stranger, atDesk)).Enrolled);
        var session = await _domain.Desks.OpenAsync(new Caller("key:dev3", Roles.Device, "desk-3", DeskBound: true), "desk-3", "1.0", Domain.Model);
        var query = new SituationQuery(_domain.Hub, _domain.Captures, _domain.Activity, _domain.Clock, AlertOptions.Default, _domain.Attempts, _domain.Policies);
        var alert = Assert.Single(query.Snapshot(Domain.Supervisor).Centres.SelectMany(c => c.Desks).Single(d => d.Desk == "desk-3").Alerts, a => a.Kind == DeskAlertKinds.RepeatedAttempts);
        Assert.Contains("key:op", alert.Message, StringComparison.Ordinal);

        // Once the oldest failure leaves the window, one more attempt is allowed.
        _domain.Clock.Advance(VerificationPolicy.Default.Window);
        Assert.True((await _domain.Service.VerifyAsync(Alice, genuine, atDesk)).Match);
        await _domain.Desks.CloseAsync(session);
    }

    [Fact]
    public async Task An_operator_cannot_choose_a_laxer_fmr_than_the_policy_but_a_stricter_one_and_a_supervisor_may()
    {
        await _domain.Service.EnrollAsync(new EnrollCommand(Alice, [Domain.Template(Domain.Unit(1))]), Domain.Admin);
        var photo = new ImageProbe(_domain.Analyzer.Image("alice-again", Domain.Near(Domain.Unit(1), 2)));

        var lax = await Assert.ThrowsAsync<AccessDeniedException>(() => _domain.Service.VerifyAsync(Alice, photo, Domain.Operator, fmr: 1e-2));
        var stricter = await _domain.Service.VerifyAsync(Alice, photo, Domain.Operator, fmr: 1e-5);
        var supervisor = await _domain.Service.VerifyAsync(Alice, photo, Domain.Supervisor, fmr: 1e-2);

        Assert.Contains("laxer than the policy's 1e-4", lax.Message, StringComparison.Ordinal);
        Assert.Equal(1e-5, stricter.OperatingPoint.Fmr);
        Assert.Equal(1e-2, supervisor.OperatingPoint.Fmr);
    }

    public void Dispose() => _domain.Dispose();
}
