using System.Globalization;
using EGov.Biometrics.Contracts.V1;
using EGov.Biometrics.Registry.Desks;
using EGov.Biometrics.Registry.Subjects;
using EGov.Biometrics.Server.Grpc;
using EGov.Biometrics.Service;
using global::Grpc.Core;

namespace EGov.Biometrics.Server.Desks;

/// <summary>
/// The desk flow: agents stream captures (each recorded once by its idempotency key and identified 1:N,
/// the device told only whether someone enrolled was recognised), operators verify a claimed PINFL on a
/// desk's next capture, and the Situation Center lists every desk.
/// </summary>
internal sealed class DesksService(
    DeskHub hub, DeskCaptureStore store, BiometricService service, ProbeResolver probes, CallerInterceptor callers, CallerRateLimiter limiter, ServiceMetrics metrics, ILogger<DesksService> logger)
    : Contracts.V1.Desks.DesksBase
{
    public const int HeartbeatSeconds = 5;
    private static readonly TimeSpan SaveEvery = TimeSpan.FromSeconds(10);

    /// <summary>A desk not heard from for this long counts as offline, whatever its connection says.</summary>
    private static readonly TimeSpan Silent = TimeSpan.FromSeconds(3 * HeartbeatSeconds);

    public override async Task Connect(IAsyncStreamReader<AgentMessage> requestStream, IServerStreamWriter<ServerMessage> responseStream, ServerCallContext context)
    {
        var cancel = context.CancellationToken;
        var caller = CallerInterceptor.CallerOf(context);
        if (caller.Role != Registry.Access.Roles.Device || !caller.DeskBound)
        {
            // An unbound credential could take over any desk and answer operators' requests with any face.
            throw new RpcException(new Status(StatusCode.PermissionDenied, "The desk stream takes a device credential bound to its desk (keys create --role device --for-desk DESK)."));
        }

        if (!await requestStream.MoveNext(cancel) || requestStream.Current.KindCase != AgentMessage.KindOneofCase.Hello)
        {
            throw new ArgumentException("An agent's stream must open with AgentHello.");
        }

        var hello = requestStream.Current.Hello;
        if (hello.DeskId != caller.Desk)
        {
            throw new ArgumentException($"AgentHello.desk_id '{Bounded(hello.DeskId, 64)}' is not the desk this credential belongs to ('{caller.Desk}').");
        }

        var session = new DeskSession(caller.Desk, Bounded(hello.AgentVersion, 64), Bounded(hello.ModelId, 64));
        var writer = Task.CompletedTask;
        try
        {
            hub.Attach(session);
            logger.LogInformation("Desk {Desk} connected (agent {Version}, session {Session})", session.Desk, session.AgentVersion, session.SessionId);
            await store.SaveDeskAsync(Record(session));
            await session.Outbox.Writer.WriteAsync(new ServerMessage { Welcome = new Welcome { SessionId = session.SessionId, HeartbeatSeconds = HeartbeatSeconds } }, cancel);

            // One writer for the response stream: acks and commands queue in the session's outbox.
            writer = Task.Run(
                async () =>
                {
                    await foreach (var message in session.Outbox.Reader.ReadAllAsync(cancel))
                    {
                        await responseStream.WriteAsync(message, cancel);
                    }
                },
                CancellationToken.None);
            await ReadAsync(requestStream, session, caller, context);
        }
        catch (System.Threading.Channels.ChannelClosedException)
        {
            throw new RpcException(new Status(StatusCode.Aborted, $"A newer connection for desk {session.Desk} replaced this one."));
        }
        finally
        {
            hub.Detach(session);
            session.LastSeen = DateTimeOffset.UtcNow;
            await store.SaveDeskAsync(Record(session)).ContinueWith(_ => { }, TaskScheduler.Default);
            await writer.ContinueWith(_ => { }, TaskScheduler.Default);
            logger.LogInformation("Desk {Desk} disconnected (session {Session})", session.Desk, session.SessionId);
        }
    }

    public override async Task<VerifyResponse> VerifyAtDesk(VerifyAtDeskRequest request, ServerCallContext context)
    {
        Pinfl.Require(request.Pinfl);
        var timeout = request.TimeoutSeconds == 0 ? 20 : request.TimeoutSeconds;
        if (timeout is < 1 or > 120)
        {
            throw new ArgumentException($"timeout_seconds must be between 1 and 120, got {request.TimeoutSeconds}.");
        }

        var caller = CallerInterceptor.CallerOf(context);
        if (caller.DeskBound && caller.Desk != request.DeskId)
        {
            throw new RpcException(new Status(StatusCode.PermissionDenied, $"This credential belongs to desk '{caller.Desk}'; it cannot verify at '{Bounded(request.DeskId, 64)}'."));
        }

        var session = hub.Find(request.DeskId) ?? throw new DeskUnavailableException($"Desk '{Bounded(request.DeskId, 64)}' has no agent connected.");
        if (DateTimeOffset.UtcNow - session.LastSeen > Silent)
        {
            throw new DeskUnavailableException($"Desk '{session.Desk}' has not been heard from for {(DateTimeOffset.UtcNow - session.LastSeen).TotalSeconds:F0} s.");
        }

        caller = caller with { Desk = session.Desk };
        var (capture, recorded) = await session.RequestCaptureAsync(TimeSpan.FromSeconds(timeout), context.CancellationToken);
        try
        {
            var record = Validate(capture, session.Desk);
            var probe = Resolve(capture, caller);
            var result = await service.VerifyAsync(
                request.Pinfl, probe, caller, VerificationService.Fmr(request.Fmr),
                async audit => (await store.RecordAsync(record, audit, auditAgain: true)).Seq);
            recorded.TrySetResult(result.DecisionId);
            metrics.Decisions.WithLabels("verify-at-desk", result.Outcome).Inc();
            return Wire.From(result, capture.Quality, capture.Liveness);
        }
        catch (CaptureRejectedException e)
        {
            recorded.TrySetException(e);
            throw new ArgumentException($"The desk's capture could not be used: {e.Message}", e);
        }
        catch (Exception e)
        {
            recorded.TrySetException(e);
            throw;
        }
    }

    public override Task<ListDesksResponse> ListDesks(ListDesksRequest request, ServerCallContext context)
    {
        var counts = store.CountByDesk();
        var saved = store.ListDesks().ToDictionary(d => d.Desk, StringComparer.Ordinal);
        var online = hub.Online.ToDictionary(s => s.Desk, StringComparer.Ordinal);
        var now = DateTimeOffset.UtcNow;
        var response = new ListDesksResponse();
        foreach (var desk in saved.Keys.Union(online.Keys).Union(counts.Keys).Order(StringComparer.Ordinal))
        {
            var session = online.GetValueOrDefault(desk);
            var live = session is not null && now - session.LastSeen <= Silent;
            var status = session is not null ? Record(session) : saved.GetValueOrDefault(desk);
            response.Desks.Add(new DeskStatus
            {
                Desk = desk,
                Online = live,
                LastSeen = status?.LastSeen.ToString("O", CultureInfo.InvariantCulture) ?? string.Empty,
                Fps = status?.Fps ?? 0,
                QueueDepth = status?.QueueDepth ?? 0,
                Captures = counts.GetValueOrDefault(desk),
                Camera = live ? status!.Camera : session is null ? "offline" : "silent",
                CameraError = session?.Status.CameraError ?? string.Empty,
                AgentVersion = status?.AgentVersion ?? string.Empty,
            });
        }

        return Task.FromResult(response);
    }

    private async Task ReadAsync(IAsyncStreamReader<AgentMessage> requestStream, DeskSession session, Caller device, ServerCallContext context)
    {
        var cancel = context.CancellationToken;
        var saved = DateTimeOffset.UtcNow;
        while (await requestStream.MoveNext(cancel))
        {
            session.LastSeen = DateTimeOffset.UtcNow;
            var message = requestStream.Current;
            switch (message.KindCase)
            {
                case AgentMessage.KindOneofCase.Heartbeat:
                    // The stream outlives the check made when it opened: a revoked credential ends it here.
                    if (!callers.StillValid(context))
                    {
                        throw new RpcException(new Status(StatusCode.Unauthenticated, "The desk's credential was revoked."));
                    }

                    var beat = message.Heartbeat;
                    beat.CameraState = Bounded(beat.CameraState, 32);
                    beat.CameraError = Bounded(beat.CameraError, 256);
                    session.Status = beat;
                    if (session.LastSeen - saved >= SaveEvery)
                    {
                        saved = session.LastSeen;
                        await store.SaveDeskAsync(Record(session));
                    }

                    break;
                case AgentMessage.KindOneofCase.Capture:
                    // Each capture costs an embedding and a 1:N search: a runaway agent waits for its rate, it is not refused.
                    while (!limiter.TryAcquire(device.Id))
                    {
                        await Task.Delay(50, cancel);
                    }

                    var ack = await HandleCaptureAsync(session, message.Capture, device);
                    await session.Outbox.Writer.WriteAsync(new ServerMessage { Ack = ack }, cancel);
                    break;
                default:
                    throw new ArgumentException($"Unexpected {message.KindCase} after AgentHello.");
            }
        }
    }

    // Faults of the capture are refused in its ack; the server's own failures end the stream (the agent resends).
    private async Task<CaptureAck> HandleCaptureAsync(DeskSession session, Capture capture, Caller device)
    {
        var ack = new CaptureAck { IdempotencyKey = capture.IdempotencyKey };
        try
        {
            var record = Validate(capture, session.Desk);
            if (capture.RequestId.Length > 0)
            {
                var recorded = new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);
                if (session.TryAnswer(capture.RequestId, new RequestedCapture(capture, recorded)))
                {
                    ack.DecisionId = await recorded.Task.WaitAsync(TimeSpan.FromSeconds(30));
                    return ack;
                }
            }

            if (store.Find(capture.IdempotencyKey) is { } first)
            {
                ack.Duplicate = true;
                ack.DecisionId = first;
                return ack;
            }

            var probe = Resolve(capture, device);
            var inserted = true;
            var result = await service.IdentifyAsync(probe, 1, device, record: async audit =>
            {
                var (seq, isNew) = await store.RecordAsync(record, audit);
                inserted = isNew;
                return seq;
            });
            metrics.Decisions.WithLabels("desk-capture", !inserted ? "duplicate" : result.Candidates.Count > 0 ? "identified" : "not-identified").Inc();
            ack.Duplicate = !inserted;
            ack.Identified = inserted && result.Candidates.Count > 0;
            ack.DecisionId = result.DecisionId;
        }
        catch (CaptureRejectedException e)
        {
            ack.Error = e.Message;
        }

        return ack;
    }

    private Service.Probe Resolve(Capture capture, Caller caller)
    {
        if (!probes.Serves(capture.Face.ModelId))
        {
            // The server's configuration, not the capture: the agent keeps it until a server embeds this model.
            throw new RpcException(new Status(StatusCode.FailedPrecondition, $"This server does not embed '{Bounded(capture.Face.ModelId, 64)}' crops."));
        }

        try
        {
            return probes.Resolve(new Contracts.V1.Probe { Aligned = capture.Face }, caller).Probe;
        }
        catch (Exception e) when (e is Vision.Imaging.InvalidImageException or ArgumentException)
        {
            throw new CaptureRejectedException(e.Message, e);
        }
    }

    private static CaptureRecord Validate(Capture capture, string desk)
    {
        if (capture.IdempotencyKey is not { Length: > 0 and <= 128 })
        {
            throw new CaptureRejectedException("A capture needs an idempotency_key of 1 to 128 characters.");
        }

        return new CaptureRecord(
            capture.IdempotencyKey, desk, capture.TrackId,
            DateTimeOffset.TryParse(capture.CapturedAt, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at)
                ? at : throw new CaptureRejectedException($"captured_at '{Bounded(capture.CapturedAt, 40)}' is not an ISO 8601 time."),
            capture.Quality);
    }

    private static DeskRecord Record(DeskSession session) =>
        new(session.Desk, session.LastSeen, session.AgentVersion, session.Status.CameraState, session.Status.Fps, session.Status.QueueDepth);

    private static string Bounded(string text, int length) => text.Length <= length ? text : text[..length];
}
