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
internal sealed class DesksService(DeskHub hub, DeskCaptureStore store, BiometricService service, ProbeResolver probes, ServiceMetrics metrics, ILogger<DesksService> logger)
    : Contracts.V1.Desks.DesksBase
{
    public const int HeartbeatSeconds = 5;
    private static readonly TimeSpan SaveEvery = TimeSpan.FromSeconds(10);

    public override async Task Connect(IAsyncStreamReader<AgentMessage> requestStream, IServerStreamWriter<ServerMessage> responseStream, ServerCallContext context)
    {
        var cancel = context.CancellationToken;
        if (!await requestStream.MoveNext(cancel) || requestStream.Current.KindCase != AgentMessage.KindOneofCase.Hello)
        {
            throw new ArgumentException("An agent's stream must open with AgentHello.");
        }

        var hello = requestStream.Current.Hello;
        var caller = CallerInterceptor.CallerOf(context);
        if (hello.DeskId is not { Length: > 0 and <= 64 } desk || (caller.Desk.Length > 0 && caller.Desk != desk))
        {
            throw new ArgumentException($"AgentHello.desk_id must be 1 to 64 characters and match the '{CallerInterceptor.DeskHeader}' header.");
        }

        var session = new DeskSession(desk, hello.AgentVersion.Length <= 64 ? hello.AgentVersion : hello.AgentVersion[..64], hello.ModelId);
        var device = caller with { Desk = desk };
        hub.Attach(session);
        logger.LogInformation("Desk {Desk} connected (agent {Version}, session {Session})", desk, session.AgentVersion, session.SessionId);
        await store.SaveDeskAsync(Record(session));
        await session.Outbox.Writer.WriteAsync(new ServerMessage { Welcome = new Welcome { SessionId = session.SessionId, HeartbeatSeconds = HeartbeatSeconds } }, cancel);

        // One writer for the response stream: acks and commands queue in the session's outbox.
        var writer = Task.Run(
            async () =>
            {
                await foreach (var message in session.Outbox.Reader.ReadAllAsync(cancel))
                {
                    await responseStream.WriteAsync(message, cancel);
                }
            },
            CancellationToken.None);
        var saved = DateTimeOffset.UtcNow;
        try
        {
            while (await requestStream.MoveNext(cancel))
            {
                session.LastSeen = DateTimeOffset.UtcNow;
                var message = requestStream.Current;
                switch (message.KindCase)
                {
                    case AgentMessage.KindOneofCase.Heartbeat:
                        session.Status = message.Heartbeat;
                        if (session.LastSeen - saved >= SaveEvery)
                        {
                            saved = session.LastSeen;
                            await store.SaveDeskAsync(Record(session));
                        }

                        break;
                    case AgentMessage.KindOneofCase.Capture:
                        var ack = await HandleCaptureAsync(session, message.Capture, device);
                        if (!session.Outbox.Writer.TryWrite(new ServerMessage { Ack = ack }))
                        {
                            await session.Outbox.Writer.WriteAsync(new ServerMessage { Ack = ack }, cancel);
                        }

                        break;
                    default:
                        throw new ArgumentException($"Unexpected {message.KindCase} after AgentHello.");
                }
            }
        }
        catch (System.Threading.Channels.ChannelClosedException)
        {
            throw new RpcException(new Status(StatusCode.Aborted, $"A newer connection for desk {desk} replaced this one."));
        }
        finally
        {
            hub.Detach(session);
            session.LastSeen = DateTimeOffset.UtcNow;
            await store.SaveDeskAsync(Record(session));
            await writer.ContinueWith(_ => { }, TaskScheduler.Default);
            logger.LogInformation("Desk {Desk} disconnected (session {Session})", desk, session.SessionId);
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

        var session = hub.Find(request.DeskId) ?? throw new DeskUnavailableException($"Desk '{request.DeskId}' has no agent connected.");
        var caller = CallerInterceptor.CallerOf(context) with { Desk = session.Desk };
        var (capture, recorded) = await session.RequestCaptureAsync(TimeSpan.FromSeconds(timeout), context.CancellationToken);
        try
        {
            var probe = probes.Resolve(new Contracts.V1.Probe { Aligned = capture.Face }, caller);
            var result = await service.VerifyAsync(
                request.Pinfl, probe.Probe, caller, VerificationService.Fmr(request.Fmr), audit => store.RecordAsync(Record(capture, session.Desk), audit));
            recorded.TrySetResult(result.DecisionId);
            metrics.Decisions.WithLabels("verify-at-desk", !result.Enrolled ? "not-enrolled" : result.Match ? "match" : "no-match").Inc();
            return new VerifyResponse
            {
                Match = result.Match,
                Enrolled = result.Enrolled,
                Similarity = float.IsNaN(result.Similarity) ? 0 : result.Similarity,
                OperatingPoint = Wire.From(result.OperatingPoint),
                DecisionId = result.DecisionId,
                Quality = capture.Quality,
                Liveness = capture.Liveness,
            };
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
        var response = new ListDesksResponse();
        foreach (var desk in saved.Keys.Union(online.Keys).Union(counts.Keys).Order(StringComparer.Ordinal))
        {
            var status = online.TryGetValue(desk, out var session) ? Record(session) : saved.GetValueOrDefault(desk);
            response.Desks.Add(new DeskStatus
            {
                Desk = desk,
                Online = session is not null,
                LastSeen = status?.LastSeen.ToString("O", CultureInfo.InvariantCulture) ?? string.Empty,
                Fps = status?.Fps ?? 0,
                QueueDepth = status?.QueueDepth ?? 0,
                Captures = counts.GetValueOrDefault(desk),
                Camera = session is not null ? status!.Camera : "offline",
                CameraError = session?.Status.CameraError ?? string.Empty,
                AgentVersion = status?.AgentVersion ?? string.Empty,
            });
        }

        return Task.FromResult(response);
    }

    private async Task<CaptureAck> HandleCaptureAsync(DeskSession session, Capture capture, Caller device)
    {
        var ack = new CaptureAck { IdempotencyKey = capture.IdempotencyKey };
        try
        {
            if (capture.IdempotencyKey is not { Length: > 0 and <= 128 })
            {
                throw new ArgumentException("A capture needs an idempotency_key of 1 to 128 characters.");
            }

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

            var probe = probes.Resolve(new Contracts.V1.Probe { Aligned = capture.Face }, device);
            var result = await service.IdentifyAsync(probe.Probe, 1, device, record: audit => store.RecordAsync(Record(capture, session.Desk), audit));
            metrics.Decisions.WithLabels("desk-capture", result.Candidates.Count > 0 ? "identified" : "not-identified").Inc();
            ack.Identified = result.Candidates.Count > 0;
            ack.DecisionId = result.DecisionId;
        }
        catch (Exception e) when (ErrorInterceptor.Map(e) is { } status)
        {
            // A bad capture is refused on its own: the stream, and the captures behind it, go on.
            ack.Error = status.Detail;
        }

        return ack;
    }

    private static DeskRecord Record(DeskSession session) =>
        new(session.Desk, session.LastSeen, session.AgentVersion, session.Status.CameraState, session.Status.Fps, session.Status.QueueDepth);

    private static CaptureRecord Record(Capture capture, string desk) =>
        new(
            capture.IdempotencyKey, desk, capture.TrackId,
            DateTimeOffset.TryParse(capture.CapturedAt, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at)
                ? at : throw new ArgumentException($"captured_at '{capture.CapturedAt}' is not an ISO 8601 time."),
            capture.Quality);
}
