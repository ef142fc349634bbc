using EGov.Biometrics.Registry.Desks;
using EGov.Biometrics.Service.Access;
using EGov.Biometrics.Service.Desks;
using EGov.Biometrics.Service.Failures;
using EGov.Biometrics.Service.Situation;

namespace EGov.Biometrics.Service.Tests;

/// <summary>The Situation Center's snapshot: grouping by centre, halls, desks known only to the registry, alerts firing and clearing, access.</summary>
public sealed class SituationQueryTests : IDisposable
{
    private readonly Domain _domain = new();
    private readonly SituationQuery _query;

    public SituationQueryTests() => _query = new SituationQuery(_domain.Hub, _domain.Captures, _domain.Activity, _domain.Clock, AlertOptions.Default, _domain.Attempts, _domain.Policies);

    private static Caller DeviceOf(string desk) => new($"key:{desk}", Roles.Device, desk, DeskBound: true);

    [Fact]
    public async Task Desks_are_grouped_by_centre_halls_apart_and_offline_desks_come_from_the_registry()
    {
        await _domain.Captures.SaveDeskAsync(new DeskRecord("desk-old", _domain.Clock.GetUtcNow().AddDays(-1), "0.9", "streaming", 9, 0, "Chilonzor", "desk"));
        await _domain.Desks.OpenAsync(DeviceOf("desk-2"), "desk-2", "1.0", Domain.Model, "Chilonzor");
        await _domain.Desks.OpenAsync(DeviceOf("hall-1"), "hall-1", "1.0", Domain.Model, "Chilonzor", DeskModes.Hall);
        await _domain.Desks.OpenAsync(DeviceOf("desk-9"), "desk-9", "1.0", Domain.Model);

        var snapshot = _query.Snapshot(Domain.Supervisor);

        Assert.Equal(["(none)", "Chilonzor"], snapshot.Centres.Select(c => c.Centre));
        var chilonzor = snapshot.Centres[1];
        Assert.Equal(["desk-2", "desk-old"], chilonzor.Desks.Select(d => d.Desk));
        Assert.Equal("hall-1", Assert.Single(chilonzor.Halls).Desk);
        Assert.Equal("desk-9", Assert.Single(snapshot.Centres[0].Desks).Desk);
        var old = chilonzor.Desks[1];
        Assert.False(old.Online);
        Assert.Equal("offline", old.Camera);
        Assert.Equal(DeskAlertKinds.AgentOffline, Assert.Single(old.Alerts).Kind);
        Assert.True(chilonzor.Desks[0].Online);
        Assert.Equal(24, chilonzor.Desks[0].VerificationsPerHour.Count);
        Assert.Null(chilonzor.Desks[0].MatchRate);
    }

    [Fact]
    public void Three_thousand_desks_make_three_thousand_rows_in_their_centres()
    {
        for (var i = 0; i < 3000; i++)
        {
            _domain.Hub.Attach(new DeskSession($"desk-{i:D4}", "1.0", Domain.Model) { Centre = $"centre-{i % 30:D2}", LastSeen = _domain.Clock.GetUtcNow() });
        }

        var snapshot = _query.Snapshot(Domain.Supervisor);

        Assert.Equal(30, snapshot.Centres.Count);
        Assert.Equal(3000, snapshot.Centres.Sum(c => c.Desks.Count));
        Assert.All(snapshot.Centres, c => Assert.Equal(100, c.Desks.Count));
        Assert.All(snapshot.Centres, c => Assert.All(c.Desks, d => Assert.Equal(c.Centre, $"centre-{int.Parse(d.Desk[5..], System.Globalization.CultureInfo.InvariantCulture) % 30:D2}")));
    }

    [Fact]
    public async Task A_hall_shows_its_waiting_count_and_waiting_time_and_refuses_captures_and_verification()
    {
        var hall = await _domain.Desks.OpenAsync(DeviceOf("hall-1"), "hall-1", "1.0", Domain.Model, "Yunusobod", DeskModes.Hall);

        _domain.Desks.ApplyHallReport(hall, 7, [60, 120, 180]);
        var capture = await _domain.Desks.RecordCaptureAsync(hall, new DeskCapture("k", Domain.Model, [1], 1, "2026-12-01T09:00:00Z", 0.8f, 0), DeviceOf("hall-1"));
        var verify = await Assert.ThrowsAsync<PreconditionFailedException>(() => _domain.Desks.VerifyAtDeskAsync("hall-1", "31234567890123", Domain.OperatorAt("hall-1")));
        var tooMany = Assert.Throws<ArgumentException>(() => _domain.Desks.ApplyHallReport(hall, -1, []));

        var seen = Assert.Single(Assert.Single(_query.Snapshot(Domain.Supervisor).Centres).Halls);
        Assert.Equal(new HallSituation("hall-1", "Yunusobod", true, 7, seen.WaitingTime), seen);
        Assert.InRange(seen.WaitingTime!.Median, 114, 126);
        Assert.Contains("hall", capture.Error, StringComparison.Ordinal);
        Assert.Contains("waiting hall", verify.Message, StringComparison.Ordinal);
        Assert.Contains("waiting count", tooMany.Message, StringComparison.Ordinal);
        Assert.Equal(DeskModes.Hall, Assert.Single(_domain.Desks.ListDesks()).Mode);
    }

    [Fact]
    public async Task A_desk_refuses_hall_reports_and_an_unknown_mode_is_refused()
    {
        var desk = await _domain.Desks.OpenAsync(DeviceOf("desk-1"), "desk-1", "1.0", Domain.Model);

        Assert.Contains("hall mode", Assert.Throws<ArgumentException>(() => _domain.Desks.ApplyHallReport(desk, 1, [])).Message, StringComparison.Ordinal);
        Assert.Contains("'kiosk'", (await Assert.ThrowsAsync<ArgumentException>(() => _domain.Desks.OpenAsync(DeviceOf("desk-2"), "desk-2", "1.0", Domain.Model, mode: "kiosk"))).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Camera_down_fires_after_sixty_seconds_not_streaming_and_clears_when_it_streams()
    {
        var session = await _domain.Desks.OpenAsync(DeviceOf("desk-1"), "desk-1", "1.0", Domain.Model, "C");
        await Beat(session, "streaming");
        await Beat(session, "reconnecting", "no signal");
        for (var i = 0; i < 5; i++)
        {
            _domain.Clock.Advance(TimeSpan.FromSeconds(10));
            await Beat(session, "reconnecting", "no signal");
        }

        Assert.Empty(Desk().Alerts); // 50 s
        _domain.Clock.Advance(TimeSpan.FromSeconds(10));
        await Beat(session, "reconnecting", "no signal");
        var down = Assert.Single(Desk().Alerts);
        await Beat(session, "streaming");

        Assert.Equal(DeskAlertKinds.CameraDown, down.Kind);
        Assert.Contains("no signal", down.Message, StringComparison.Ordinal);
        Assert.Empty(Desk().Alerts);
        _domain.Clock.Advance(DeskService.Silent + TimeSpan.FromSeconds(1));
        Assert.Equal(DeskAlertKinds.AgentOffline, Assert.Single(Desk().Alerts).Kind);
    }

    [Fact]
    public async Task Rejection_and_liveness_rates_alert_only_above_their_level_with_enough_samples_and_clear_at_midnight()
    {
        await _domain.Desks.OpenAsync(DeviceOf("desk-1"), "desk-1", "1.0", Domain.Model, "C");
        for (var i = 0; i < 10; i++)
        {
            _domain.Activity.CaptureRejected("desk-1");
            _domain.Activity.Verified("desk-1", match: false, livenessFailed: true, TimeSpan.FromSeconds(2));
        }

        Assert.Empty(Desk().Alerts); // 10 of 10, but too few to judge
        for (var i = 0; i < 14; i++)
        {
            _domain.Activity.CaptureAccepted("desk-1");
            _domain.Activity.Verified("desk-1", match: true, livenessFailed: false, TimeSpan.FromSeconds(2));
        }

        var raised = Desk();
        Assert.Equal([DeskAlertKinds.RejectionRate, DeskAlertKinds.LivenessRate], raised.Alerts.Select(a => a.Kind));
        Assert.Equal(14.0 / 24, raised.MatchRate!.Value, 6);
        Assert.Equal(24, raised.VerificationsToday);

        for (var i = 0; i < 20; i++)
        {
            _domain.Activity.CaptureAccepted("desk-1");
        }

        Assert.Equal([DeskAlertKinds.LivenessRate], Desk().Alerts.Select(a => a.Kind)); // 10 of 44 refused: below 30 %

        // The next day starts clean (heartbeats keep the agent online across midnight).
        _domain.Clock.Advance(TimeSpan.FromHours(15));
        await Beat(_domain.Hub.Find("desk-1")!, "streaming");
        Assert.Empty(Desk().Alerts);
        Assert.Equal(0, Desk().VerificationsToday);
    }

    [Fact]
    public void Only_roles_that_watch_desks_get_a_snapshot()
    {
        var refused = Assert.Throws<AccessDeniedException>(() => _query.Snapshot(Domain.Operator));

        Assert.Contains("operator", refused.Message, StringComparison.Ordinal);
        Assert.NotNull(_query.Snapshot(Domain.Supervisor));
        Assert.NotNull(_query.Snapshot(new Caller("key:aud", Roles.Auditor, string.Empty)));
    }

    public void Dispose() => _domain.Dispose();

    private DeskSituation Desk() => _query.Snapshot(Domain.Supervisor).Centres.SelectMany(c => c.Desks).Single(d => d.Desk == "desk-1");

    private async Task Beat(DeskSession session, string camera, string error = "")
    {
        session.LastSeen = _domain.Clock.GetUtcNow();
        await _domain.Desks.ApplyHeartbeatAsync(session, new DeskHeartbeat(10, 0, camera, error));
    }
}
