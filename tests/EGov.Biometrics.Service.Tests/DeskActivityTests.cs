using EGov.Biometrics.Service.Access;
using EGov.Biometrics.Service.Decisions;
using EGov.Biometrics.Service.Situation;
using Microsoft.Extensions.Time.Testing;

namespace EGov.Biometrics.Service.Tests;

/// <summary>Per-desk day figures: percentiles from bounded histograms, the roll at local midnight, coalesced change notices, and the desk flow feeding them.</summary>
public sealed class DeskActivityTests : IDisposable
{
    private const string Alice = "31234567890123";
    private static readonly Caller Device = new("key:dev8", Roles.Device, "desk-8", DeskBound: true);
    private static readonly DateTimeOffset Start = DateTimeOffset.Parse("2026-12-01T09:00:00Z", System.Globalization.CultureInfo.InvariantCulture);

    private readonly FakeTimeProvider _clock = new(Start);
    private readonly DeskActivity _activity;
    private readonly Domain _domain = new();

    public DeskActivityTests() => _activity = new DeskActivity(_clock);

    [Fact]
    public void Visit_durations_give_median_and_p95_within_five_percent_and_null_without_data()
    {
        Assert.Null(_activity.Of("desk-1").VisitDuration);
        for (var seconds = 1; seconds <= 100; seconds++)
        {
            _activity.VisitEnded("desk-1", Start, Start.AddSeconds(seconds));
        }

        var figures = _activity.Of("desk-1");

        Assert.Equal(100, figures.Visits);
        Assert.InRange(figures.VisitDuration!.Median, 50 * 0.95, 50 * 1.05);
        Assert.InRange(figures.VisitDuration.P95, 95 * 0.95, 95 * 1.05);
        Assert.Equal(0, _activity.Of("desk-2").Visits);
    }

    [Fact]
    public void A_single_duration_is_its_own_median_and_p95()
    {
        _activity.VisitEnded("desk-1", Start, Start.AddSeconds(42.5));

        Assert.Equal(new Percentiles(42.5, 42.5), _activity.Of("desk-1").VisitDuration);
    }

    [Fact]
    public void A_visit_longer_than_half_a_day_or_ending_before_it_starts_is_not_counted()
    {
        _activity.VisitEnded("desk-1", Start, Start.AddHours(13));
        _activity.VisitEnded("desk-1", Start, Start.AddSeconds(-5));

        Assert.Equal(0, _activity.Of("desk-1").Visits);
    }

    [Fact]
    public void Today_rolls_at_local_midnight_not_utc_midnight()
    {
        // Tashkent is UTC+5: 18:50 UTC is 23:50 there.
        _clock.SetLocalTimeZone(TimeZoneInfo.CreateCustomTimeZone("UZT", TimeSpan.FromHours(5), "UZT", "UZT"));
        _clock.SetUtcNow(DateTimeOffset.Parse("2026-12-01T18:50:00Z", System.Globalization.CultureInfo.InvariantCulture));
        _activity.VisitEnded("desk-1", _clock.GetUtcNow().AddMinutes(-3), _clock.GetUtcNow());
        _activity.Verified("desk-1", match: true, livenessFailed: false, TimeSpan.FromSeconds(4));
        _activity.CaptureRejected("desk-1");
        _activity.HallReported("desk-1", 6, [30]);

        var before = _activity.Of("desk-1");
        _clock.Advance(TimeSpan.FromMinutes(20));
        var after = _activity.Of("desk-1");

        Assert.Equal((1L, 1L, 1L, 1), (before.Visits, before.Verifications, before.CapturesRejected, before.VerificationsPerHour[23]));
        Assert.Equal((0L, 0L, 0L, 0), (after.Visits, after.Verifications, after.CapturesRejected, after.VerificationsPerHour.Sum()));
        Assert.Null(after.RequestToDecision);
        Assert.Null(after.WaitingTime);
        Assert.Equal(6, after.Waiting); // people do not leave the hall at midnight
    }

    [Fact]
    public void Changes_are_coalesced_into_one_notice_per_250_ms()
    {
        var notices = 0;
        _activity.Changed += () => notices++;

        for (var i = 0; i < 100; i++)
        {
            _activity.Touch();
            _activity.CaptureAccepted("desk-1");
        }

        Assert.Equal(0, notices);
        _clock.Advance(TimeSpan.FromMilliseconds(249));
        Assert.Equal(0, notices);
        _clock.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal(1, notices);

        _clock.Advance(TimeSpan.FromSeconds(5));
        Assert.Equal(1, notices); // nothing changed, nothing said

        _activity.VisitEnded("desk-1", Start, Start.AddSeconds(3));
        _clock.Advance(TimeSpan.FromMilliseconds(250));
        Assert.Equal(2, notices);
    }

    [Fact]
    public async Task A_verification_at_a_desk_counts_its_decision_hour_and_request_to_decision_time()
    {
        await _domain.Service.EnrollAsync(new EnrollCommand(Alice, [Domain.Template(Domain.Unit(1))]), Domain.Admin);
        var session = await _domain.Desks.OpenAsync(Device, "desk-8", "1.0", Domain.Model);

        var verifying = _domain.Desks.VerifyAtDeskAsync("desk-8", Alice, Domain.OperatorAt("desk-8"), timeoutSeconds: 10);
        var request = await session.Requests.Reader.ReadAsync();
        _domain.Clock.Advance(TimeSpan.FromSeconds(3));
        await _domain.Desks.RecordCaptureAsync(
            session,
            new Desks.DeskCapture("capture-9", Domain.Model, _domain.Analyzer.Crop("alice", Domain.Near(Domain.Unit(1), 3)), 2, "2026-12-01T09:00:01Z", 0.8f, 0.95f, request.RequestId)
            {
                LivenessFrames = _domain.Liveness.Live,
            },
            Device);
        var result = await verifying;
        var refused = await _domain.Desks.RecordCaptureAsync(session, new Desks.DeskCapture("bad", Domain.Model, [], 3, "2026-12-01T09:00:02Z", 0.8f, 0.9f), Device);

        var figures = _domain.Activity.Of("desk-8");
        Assert.True(result.Match);
        Assert.NotEmpty(refused.Error);
        Assert.Equal((1L, 1L, 0L), (figures.Verifications, figures.Matches, figures.LivenessFailures));
        Assert.Equal(1, figures.VerificationsPerHour[9]);
        Assert.Equal(new Percentiles(3, 3), figures.RequestToDecision);
        Assert.Equal((1L, 1L), (figures.CapturesAccepted, figures.CapturesRejected));
        Assert.Equal(_domain.Clock.GetUtcNow(), figures.LastCapture);
    }

    [Fact]
    public async Task Visits_from_the_desk_stream_are_counted_and_bad_times_refused()
    {
        var session = await _domain.Desks.OpenAsync(Device, "desk-8", "1.0", Domain.Model);

        _domain.Desks.RecordVisit(session, 4, "2026-12-01T08:58:00Z", "2026-12-01T09:00:00Z");
        var badTime = Assert.Throws<ArgumentException>(() => _domain.Desks.RecordVisit(session, 5, "soon", "2026-12-01T09:00:00Z"));
        var backwards = Assert.Throws<ArgumentException>(() => _domain.Desks.RecordVisit(session, 6, "2026-12-01T09:00:00Z", "2026-12-01T08:00:00Z"));

        Assert.Equal(new Percentiles(120, 120), _domain.Activity.Of("desk-8").VisitDuration);
        Assert.Contains("started_at", badTime.Message, StringComparison.Ordinal);
        Assert.Contains("before it starts", backwards.Message, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        _activity.Dispose();
        _domain.Dispose();
    }
}
