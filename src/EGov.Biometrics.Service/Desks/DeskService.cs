using System.Globalization;
using EGov.Biometrics.Registry.Access;
using EGov.Biometrics.Registry.Desks;
using EGov.Biometrics.Registry.Subjects;
using EGov.Biometrics.Service.Access;
using EGov.Biometrics.Service.Decisions;
using EGov.Biometrics.Service.Liveness;
using EGov.Biometrics.Service.Probes;
using EGov.Biometrics.Service.Situation;

namespace EGov.Biometrics.Service.Desks;

/// <summary>
/// The desk flow: agents deliver captures (each recorded once by its idempotency key and identified 1:N, the
/// device told only whether someone enrolled was recognised), operators verify a claimed PINFL on a desk's
/// next capture, and the Situation Center lists every desk. Every desk decision is taken on the server's own liveness
/// score of those of the capture's frames that show the decision's face (<see cref="IFrameSignalReader"/>,
/// <see cref="ILivenessAnalyzer"/>); the number the agent reports is ignored. Where the
/// desk's policy asks for it (<see cref="DeskPolicies"/>), the server also reads a blink or a head turn from the frames
/// itself (<see cref="IFrameSignalReader"/>, judged by <see cref="ActiveCheckPolicy"/>). What happens at each desk is counted in <see cref="DeskActivity"/>.
/// </summary>
public sealed class DeskService(
    DeskHub hub, DeskCaptureStore store, BiometricService decisions, Credentials credentials, TimeProvider clock, DeskActivity activity, ILivenessAnalyzer liveness,
    DeskPolicies policies, IFrameSignalReader frames, ActiveCheckPolicy activeCheck)
{
    /// <summary>
    /// How often an agent reports its camera, frame rate and queue (it reports a camera change at once). A dead link
    /// needs no heartbeat to be seen: a closed stream is offline at once, and Kestrel's HTTP/2 pings (one per
    /// connection, not per desk) end a silent connection within 40 s. At 3,000 desks a 5 s beat cost the server a
    /// quarter of a core (bench console); 20 s is a quarter of that.
    /// </summary>
    public const int HeartbeatSeconds = 20;
    public const int DefaultVerifyTimeoutSeconds = 20;
    public const int MaxVerifyTimeoutSeconds = 120;
    public const int MaxIdempotencyKeyLength = 128;

    /// <summary>More people than this in one hall report is a broken agent, not a crowd.</summary>
    public const int MaxWaiting = 10_000;

    /// <summary>Dwell times in one hall report, at most (one per person who left since the last heartbeat).</summary>
    public const int MaxDwellsPerReport = 1_000;

    /// <summary>A desk not heard from for this long counts as offline, whatever its connection says.</summary>
    public static readonly TimeSpan Silent = TimeSpan.FromSeconds(3 * HeartbeatSeconds);

    // The registry's copy of "last seen" matters only for a desk that stays offline across a restart (attach and
    // detach save at once); the live value is in memory. At 3,000 desks a save per 10 s was 300 writes a second.
    private static readonly TimeSpan SaveEvery = TimeSpan.FromMinutes(2);
    private static readonly TimeSpan RecordTimeout = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Opens an agent's session. Only a device credential bound to its desk may: an unbound one could take over
    /// any desk and answer operators' requests with any face. The desk the agent announces must be that desk;
    /// its centre groups it on the Situation Center, its mode says whether it watches a desk or a waiting hall.
    /// </summary>
    public async Task<DeskSession> OpenAsync(Caller device, string announcedDesk, string agentVersion, string modelId, string centre = "", string mode = "")
    {
        if (!AccessPolicies.Admits(AccessPolicies.DeskStream, device))
        {
            throw new AccessDeniedException(AccessPolicies.Refusal(AccessPolicies.DeskStream, device.Role, "the desk stream"));
        }

        if (announcedDesk != device.Desk)
        {
            throw new ArgumentException($"The agent announced desk '{Text.Bounded(announcedDesk, Caller.MaxDeskLength)}', not the desk this credential belongs to ('{device.Desk}').");
        }

        var now = clock.GetUtcNow();
        var session = new DeskSession(device.Desk, Text.Bounded(agentVersion, Text.NameLength), Text.Bounded(modelId, Text.NameLength))
        {
            CredentialId = device.Id,
            Centre = Text.Bounded(centre, Text.NameLength),
            Mode = DeskModes.Parse(mode),
            LastSeen = now,
            CameraSince = now,
        };
        session.LastSaved = session.LastSeen;
        hub.Attach(session);
        await store.SaveDeskAsync(Record(session)).ConfigureAwait(false);
        activity.Touch();
        return session;
    }

    /// <summary>Ends a session (unless a newer one replaced it) and remembers when the desk was last seen.</summary>
    public async Task CloseAsync(DeskSession session)
    {
        hub.Detach(session);
        session.LastSeen = clock.GetUtcNow();
        await store.SaveDeskAsync(Record(session)).ConfigureAwait(false);
        activity.Touch();
    }

    /// <summary>
    /// Any message from the agent shows it is alive, if its credential is still admitted: the stream outlives the
    /// check made when it opened, so a device revoked since is turned away at its next message, heartbeat or capture.
    /// </summary>
    public void Heard(DeskSession session, Caller device)
    {
        if (!credentials.IsActive(device.Id))
        {
            throw new CredentialRevokedException($"The credential of desk {session.Desk} was revoked.");
        }

        session.LastSeen = clock.GetUtcNow();
    }

    /// <summary>Takes a heartbeat's report; the desk's state is saved at most every few seconds (not audited: no decision).</summary>
    public async Task ApplyHeartbeatAsync(DeskSession session, DeskHeartbeat heartbeat)
    {
        var bounded = heartbeat.Bounded();
        if (bounded.CameraState != session.Status.CameraState)
        {
            session.CameraSince = session.LastSeen;
        }

        session.Status = bounded;
        activity.Touch();
        if (session.LastSeen - session.LastSaved >= SaveEvery)
        {
            session.LastSaved = session.LastSeen;
            await store.SaveDeskAsync(Record(session)).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Records a delivered capture once by its key and identifies it 1:N, or hands it to the operator who asked for
    /// it. Faults of the capture come back as a refusal; a server-side failure throws (the agent resends later).
    /// </summary>
    public async Task<CaptureOutcome> RecordCaptureAsync(DeskSession session, DeskCapture capture, Caller device)
    {
        try
        {
            if (session.Mode != DeskModes.Desk)
            {
                throw new CaptureRejectedException($"Desk {session.Desk} announced mode '{session.Mode}': an agent watching a hall sends no captures.");
            }

            // A capture answering a request goes to the waiting operator first, even a malformed one: the operator's
            // call validates it and says what is wrong at once instead of waiting out its deadline.
            if (capture.RequestId.Length > 0)
            {
                var recorded = new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);
                if (session.TryAnswer(capture.RequestId, new RequestedCapture(capture, recorded)))
                {
                    try
                    {
                        return new CaptureOutcome(capture.IdempotencyKey, await recorded.Task.WaitAsync(RecordTimeout).ConfigureAwait(false), Identified: false, Duplicate: false);
                    }
                    catch (Exception e) when (e is not (ModelNotServedException or CaptureRejectedException))
                    {
                        // The operator's verification failed (a bad request, a stale capture, a timeout, even a fault of
                        // the server): that is the operator's answer, never a fault of the agent's stream; the capture
                        // has served its request and is answered (the operator's call reports and logs the fault).
                        var reason = Failures.Failure.Of(e)?.Message ?? "the server could not decide on it";
                        return new CaptureOutcome(capture.IdempotencyKey, 0, Identified: false, Duplicate: false, $"The operator's verification on this capture failed: {reason}");
                    }
                }
            }

            var record = Validate(capture, session.Desk);
            if (store.Find(capture.IdempotencyKey) is { } first)
            {
                return new CaptureOutcome(capture.IdempotencyKey, first, Identified: false, Duplicate: true);
            }

            var probe = await EmbedAsync(capture).ConfigureAwait(false);
            var (score, active) = await FramesOfAsync(session.Desk, capture, probe).ConfigureAwait(false);
            var inserted = true;
            var result = await decisions.IdentifyTemplateAsync(probe, 1, device, null, async audit =>
            {
                var (seq, isNew) = await store.RecordAsync(record, audit).ConfigureAwait(false);
                inserted = isNew;
                return seq;
            }, score, active).ConfigureAwait(false);
            if (inserted)
            {
                activity.CaptureAccepted(session.Desk);
            }

            return new CaptureOutcome(capture.IdempotencyKey, result.DecisionId, inserted && result.Candidates.Count > 0, !inserted)
            {
                Refusal = result.LivenessFailed || result.ActiveCheckFailed ? result.Outcome : string.Empty,
            };
        }
        catch (CaptureRejectedException e)
        {
            activity.CaptureRejected(session.Desk);
            return new CaptureOutcome(capture.IdempotencyKey, 0, Identified: false, Duplicate: false, e.Message);
        }
    }

    /// <summary>
    /// Asks the desk's agent for its next capture taken from now on and verifies <paramref name="pinfl"/> on it,
    /// audited as the operator's decision. An operator verifies only with a credential bound to that desk
    /// (supervisors and admins anywhere); a capture taken before the request (or in the future) is refused. Every
    /// check that can fail on the operator's request runs before the agent is asked for anything. An empty
    /// <paramref name="desk"/> means the caller's own desk when its credential is bound to one.
    /// </summary>
    public async Task<VerifyResult> VerifyAtDeskAsync(string desk, string pinfl, Caller caller, int timeoutSeconds = 0, double? fmr = null, CancellationToken cancel = default)
    {
        AccessPolicies.Require(AccessPolicies.VerifyAtDesk, caller, "VerifyAtDesk");
        Pinfl.Require(pinfl);
        desk = ApiKeyIdentity.RequireDesk(desk) is { Length: > 0 } named ? named
            : caller.DeskBound ? caller.Desk
            : throw new ArgumentException("VerifyAtDesk needs desk_id: the desk whose camera takes the capture.");
        var requested = clock.GetTimestamp();
        var timeout = timeoutSeconds == 0 ? DefaultVerifyTimeoutSeconds : timeoutSeconds;
        if (timeout is < 1 or > MaxVerifyTimeoutSeconds)
        {
            throw new ArgumentException($"timeout_seconds must be between 1 and {MaxVerifyTimeoutSeconds}, got {timeoutSeconds}.");
        }

        caller.RequireDesk(desk);
        var session = hub.Find(desk) ?? throw new DeskUnavailableException($"Desk '{Text.Bounded(desk, Caller.MaxDeskLength)}' has no agent connected.");
        if (session.Mode != DeskModes.Desk)
        {
            throw new Failures.PreconditionFailedException($"'{session.Desk}' watches a waiting hall: it takes no captures to verify.");
        }

        var silentFor = clock.GetUtcNow() - session.LastSeen;
        if (silentFor > Silent)
        {
            throw new DeskUnavailableException($"Desk '{session.Desk}' has not been heard from for {silentFor.TotalSeconds:F0} s.");
        }

        // A bad request fails now, before anyone at the desk is asked for a capture.
        caller = caller with { Desk = session.Desk };
        decisions.CheckFmr(session.ModelId, fmr, caller);
        decisions.Attempts.Check(caller, pinfl);
        var requestedAt = clock.GetUtcNow();
        var (capture, recorded) = await session.RequestCaptureAsync(TimeSpan.FromSeconds(timeout), cancel).ConfigureAwait(false);
        try
        {
            var record = Validate(capture, session.Desk);
            RequireTakenAfter(record.CapturedAt, requestedAt);
            var probe = await EmbedAsync(capture).ConfigureAwait(false);
            var (score, active) = await FramesOfAsync(session.Desk, capture, probe).ConfigureAwait(false);
            var result = await decisions.VerifyTemplateAsync(
                pinfl, probe, caller, fmr,
                async audit => (await store.RecordAsync(record, audit, auditAgain: true).ConfigureAwait(false)).Seq, score, active).ConfigureAwait(false);
            recorded.TrySetResult(result.DecisionId);
            activity.CaptureAccepted(session.Desk);
            // The Situation Center counts an active-check refusal with the liveness failures: both are presentation-attack refusals.
            activity.Verified(session.Desk, result.Match, result.LivenessFailed || result.ActiveCheckFailed, clock.GetElapsedTime(requested));
            return (result with { Quality = capture.Quality, Liveness = score, Face = capture.AlignedImage }).DisclosedTo(caller);
        }
        catch (CaptureRejectedException e)
        {
            // Counted once, where the agent's capture is answered (RecordCaptureAsync), not here as well.
            recorded.TrySetException(e);
            throw new ArgumentException($"The desk's capture could not be used: {e.Message}", e);
        }
        catch (Exception e)
        {
            recorded.TrySetException(e);
            throw;
        }
    }

    /// <summary>A person left the desk camera's view: the visit's start and end as the agent sent them (ISO 8601).</summary>
    public void RecordVisit(DeskSession session, long trackId, string startedAt, string endedAt)
    {
        RequireDeskMode(session);
        var started = Time(startedAt, "started_at");
        var ended = Time(endedAt, "ended_at");
        if (ended < started)
        {
            throw new ArgumentException($"Visit of track {trackId} ends ({Text.Bounded(endedAt, 40)}) before it starts ({Text.Bounded(startedAt, 40)}).");
        }

        activity.VisitEnded(session.Desk, started, ended);
    }

    /// <summary>A hall's count of people waiting now and the dwell times of those who left since its last report (no faces, no ids).</summary>
    public void ApplyHallReport(DeskSession session, int waiting, IReadOnlyList<double> dwellSeconds)
    {
        if (session.Mode != DeskModes.Hall)
        {
            throw new ArgumentException($"Desk {session.Desk} announced mode '{session.Mode}': hall reports come from agents in hall mode.");
        }

        if (waiting is < 0 or > MaxWaiting)
        {
            throw new ArgumentException($"A hall report's waiting count must be 0 to {MaxWaiting}, got {waiting}.");
        }

        if (dwellSeconds.Count > MaxDwellsPerReport || dwellSeconds.Any(s => !double.IsFinite(s) || s < 0))
        {
            throw new ArgumentException($"A hall report carries at most {MaxDwellsPerReport} dwell times, each a finite number of seconds of 0 or more.");
        }

        activity.HallReported(session.Desk, waiting, dwellSeconds);
    }

    /// <summary>Every desk the server has heard from, online or not, in name order.</summary>
    public IReadOnlyList<DeskState> ListDesks()
    {
        var counts = store.CountByDesk();
        var saved = store.ListDesks().ToDictionary(d => d.Desk, StringComparer.Ordinal);
        var online = hub.Online.ToDictionary(s => s.Desk, StringComparer.Ordinal);
        var now = clock.GetUtcNow();
        return saved.Keys.Union(online.Keys).Union(counts.Keys).Union(policies.Configured).Order(StringComparer.Ordinal).Select(desk =>
        {
            var session = online.GetValueOrDefault(desk);
            var live = session is not null && now - session.LastSeen <= Silent;
            var status = session is not null ? Record(session) : saved.GetValueOrDefault(desk);
            return new DeskState(
                desk, live, status?.LastSeen, status?.Fps ?? 0, status?.QueueDepth ?? 0, counts.GetValueOrDefault(desk),
                live ? status!.Camera : session is null ? "offline" : "silent", session?.Status.CameraError ?? string.Empty, status?.AgentVersion ?? string.Empty,
                status?.Centre ?? string.Empty, status?.Mode ?? DeskModes.Desk, policies.RequiresActiveCheck(desk));
        }).ToList();
    }

    private async Task<FaceTemplate> EmbedAsync(DeskCapture capture)
    {
        if (!decisions.Probes.Analyzer.EmbedsCrops(capture.ModelId))
        {
            throw new ModelNotServedException($"This server does not embed '{Text.Bounded(capture.ModelId, Text.NameLength)}' crops.");
        }

        try
        {
            return await decisions.Probes.EmbedCropAsync(capture.ModelId, capture.AlignedImage).ConfigureAwait(false);
        }
        catch (Exception e) when (e is Vision.Imaging.InvalidImageException or ArgumentException)
        {
            throw new CaptureRejectedException(e.Message, e);
        }
    }

    // The server reads the capture's frames itself, under the decode gate (CPU-bound: off the threads that answer
    // calls). Only frames that show the decision's face count for the passive score: a crop of one person sent with
    // live frames of another would pass otherwise; no such frame scores 0 and fails the gate. The active check judges
    // the same frames where the desk's policy asks for one (null where it does not).
    private async Task<(float Liveness, ActiveCheckResult? Active)> FramesOfAsync(string desk, DeskCapture capture, FaceTemplate probe)
    {
        try
        {
            return await decisions.Probes.GatedAsync(() =>
            {
                var signals = frames.Read(capture.LivenessFrames, probe);
                var ofFace = capture.LivenessFrames.Where((_, i) => signals[i].SameFace).ToList();
                return (liveness.ScoreFrames(ofFace), policies.RequiresActiveCheck(desk) ? activeCheck.Judge(signals) : null);
            }).ConfigureAwait(false);
        }
        catch (ArgumentException e)
        {
            throw new CaptureRejectedException(e.Message, e);
        }
    }

    // A capture answering a request must be taken after it: an old photo of the citizen (or one dated in the
    // future by a tampered agent) must not stand in for the person at the desk now.
    private void RequireTakenAfter(DateTimeOffset capturedAt, DateTimeOffset requestedAt)
    {
        var skew = decisions.Attempts.Policy.CaptureClockSkew;
        var now = clock.GetUtcNow();
        if (capturedAt < requestedAt - skew || capturedAt > now + skew)
        {
            throw new CaptureRejectedException(string.Create(
                CultureInfo.InvariantCulture,
                $"captured_at {capturedAt:O} is not between the request ({requestedAt:O}) and now ({now:O}), within {skew.TotalSeconds:0.#} s of clock skew."));
        }
    }

    private static CaptureRecord Validate(DeskCapture capture, string desk)
    {
        if (capture.IdempotencyKey is not { Length: > 0 and <= MaxIdempotencyKeyLength })
        {
            throw new CaptureRejectedException($"A capture needs an idempotency_key of 1 to {MaxIdempotencyKeyLength} characters.");
        }

        if (capture.AlignedImage.Length == 0)
        {
            throw new CaptureRejectedException("A capture needs an aligned face crop.");
        }

        return new CaptureRecord(
            capture.IdempotencyKey, desk, capture.TrackId,
            DateTimeOffset.TryParse(capture.CapturedAt, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at)
                ? at : throw new CaptureRejectedException($"captured_at '{Text.Bounded(capture.CapturedAt, 40)}' is not an ISO 8601 time."),
            capture.Quality);
    }

    /// <summary>A session's state as the registry keeps it.</summary>
    internal static DeskRecord Record(DeskSession session) =>
        new(session.Desk, session.LastSeen, session.AgentVersion, session.Status.CameraState, session.Status.Fps, session.Status.QueueDepth, session.Centre, session.Mode);

    // A hall's agent sends no faces: captures or visits from one are a misconfigured or tampered agent.
    private static void RequireDeskMode(DeskSession session)
    {
        if (session.Mode != DeskModes.Desk)
        {
            throw new ArgumentException($"Desk {session.Desk} announced mode '{session.Mode}': an agent watching a hall sends no captures or visits.");
        }
    }

    private static DateTimeOffset Time(string value, string field) =>
        DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at)
            ? at : throw new ArgumentException($"{field} '{Text.Bounded(value, 40)}' is not an ISO 8601 time.");
}
