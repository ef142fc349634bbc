using EGov.Biometrics.Registry.Desks;
using EGov.Biometrics.Service.Access;
using EGov.Biometrics.Service.Desks;

namespace EGov.Biometrics.Service.Situation;

/// <summary>
/// The Situation Center's view: every desk and hall the registry knows (offline ones too) and every agent
/// connected now, grouped by centre, with today's activity and alerts. Built from memory only (the registry's
/// desk records are read once), so a snapshot of 3,000 desks stays cheap enough to take on every
/// <see cref="Changed"/>.
/// </summary>
public sealed class SituationQuery(
    DeskHub hub, DeskCaptureStore store, DeskActivity activity, TimeProvider clock, AlertOptions alerts, Decisions.AttemptThrottle attempts, DeskPolicies policies)
{
    /// <summary>The centre of desks whose agent named none.</summary>
    public const string NoCentre = "(none)";

    private readonly Lock _lock = new();
    private Dictionary<string, DeskRecord>? _known;

    /// <summary>Raised at most every 250 ms after a heartbeat, a connection, a visit, a capture or a verification.</summary>
    public event Action? Changed
    {
        add => activity.Changed += value;
        remove => activity.Changed -= value;
    }

    /// <summary>The snapshot for <paramref name="caller"/>, who must be admitted to watch desks.</summary>
    public SituationSnapshot Snapshot(Caller caller)
    {
        if (!AccessPolicies.Admits(AccessPolicies.WatchDesks, caller))
        {
            throw new AccessDeniedException(AccessPolicies.Refusal(AccessPolicies.WatchDesks, caller.Role, "the Situation Center"));
        }

        return Build();
    }

    private SituationSnapshot Build()
    {
        var now = clock.GetUtcNow();
        var online = hub.Online.ToDictionary(s => s.Desk, StringComparer.Ordinal);
        List<DeskRecord> desks;
        lock (_lock)
        {
            _known ??= store.ListDesks().ToDictionary(d => d.Desk, StringComparer.Ordinal);
            foreach (var session in online.Values)
            {
                _known[session.Desk] = DeskService.Record(session);
            }

            desks = [.. _known.Values];
        }

        var centres = new SortedDictionary<string, (List<DeskSituation> Desks, List<HallSituation> Halls)>(StringComparer.Ordinal);
        foreach (var desk in desks.OrderBy(d => d.Desk, StringComparer.Ordinal))
        {
            var centre = desk.Centre.Length > 0 ? desk.Centre : NoCentre;
            if (!centres.TryGetValue(centre, out var group))
            {
                centres[centre] = group = ([], []);
            }

            var session = online.GetValueOrDefault(desk.Desk);
            var live = session is not null && now - session.LastSeen <= DeskService.Silent;
            var figures = activity.Of(desk.Desk);
            if (desk.Mode == DeskModes.Hall)
            {
                group.Halls.Add(new HallSituation(desk.Desk, centre, live, live ? figures.Waiting : 0, figures.WaitingTime));
            }
            else
            {
                group.Desks.Add(Desk(desk, centre, session, live, figures, now));
            }
        }

        return new SituationSnapshot(now, [.. centres.Select(c => new CentreSituation(c.Key, c.Value.Desks, c.Value.Halls))]);
    }

    private DeskSituation Desk(DeskRecord desk, string centre, DeskSession? session, bool live, DeskActivityFigures figures, DateTimeOffset now) => new(
        desk.Desk,
        centre,
        live,
        desk.LastSeen,
        live ? desk.Camera : session is null ? "offline" : "silent",
        session?.Status.CameraError ?? string.Empty,
        live ? desk.Fps : 0,
        desk.QueueDepth,
        figures.LastCapture,
        figures.Visits,
        figures.Verifications,
        figures.VerificationsPerHour,
        figures.Verifications > 0 ? (double)figures.Matches / figures.Verifications : null,
        figures.VisitDuration,
        figures.RequestToDecision,
        Alerts(desk, session, live, figures, now),
        policies.RequiresActiveCheck(desk.Desk));

    private List<DeskAlert> Alerts(DeskRecord desk, DeskSession? session, bool live, DeskActivityFigures figures, DateTimeOffset now)
    {
        var raised = new List<DeskAlert>();
        if (!live)
        {
            raised.Add(new DeskAlert(DeskAlertKinds.AgentOffline, session is null
                ? $"No agent connected (last seen {(desk.LastSeen == default ? "never" : desk.LastSeen.ToString("u", System.Globalization.CultureInfo.InvariantCulture))})."
                : $"The agent has not been heard from for {(now - session.LastSeen).TotalSeconds:F0} s."));
        }
        else if (session!.Status.CameraState != "streaming" && now - session.CameraSince >= alerts.CameraDownAfter)
        {
            raised.Add(new DeskAlert(DeskAlertKinds.CameraDown,
                $"The camera has been '{session.Status.CameraState}' for {(now - session.CameraSince).TotalSeconds:F0} s{(session.Status.CameraError.Length > 0 ? $": {session.Status.CameraError}" : string.Empty)}."));
        }

        var captures = figures.CapturesAccepted + figures.CapturesRejected;
        if (captures >= alerts.MinSamples && (double)figures.CapturesRejected / captures > alerts.RejectionRate)
        {
            raised.Add(new DeskAlert(DeskAlertKinds.RejectionRate, $"{figures.CapturesRejected} of {captures} captures refused today (above {alerts.RejectionRate:P0})."));
        }

        if (figures.Verifications >= alerts.MinSamples && (double)figures.LivenessFailures / figures.Verifications > alerts.LivenessRate)
        {
            raised.Add(new DeskAlert(DeskAlertKinds.LivenessRate, $"{figures.LivenessFailures} of {figures.Verifications} verifications failed liveness today (above {alerts.LivenessRate:P0})."));
        }

        // One alert per credential refused at this desk within the throttle's window: someone kept failing against one PINFL.
        foreach (var refused in attempts.ThrottledAt(desk.Desk))
        {
            raised.Add(new DeskAlert(DeskAlertKinds.RepeatedAttempts, string.Create(
                System.Globalization.CultureInfo.InvariantCulture,
                $"{refused.CredentialId} ({refused.Role}) was refused after {attempts.Policy.MaxFailedAttempts} failed verifications against one PINFL (last at {refused.At:u}).")));
        }

        return raised;
    }
}
