using System.Globalization;
using System.Threading.Channels;
using EGov.Biometrics.Contracts.V1;
using EGov.Biometrics.Server.Observability;
using EGov.Biometrics.Server.Security;
using EGov.Biometrics.Service.Access;
using EGov.Biometrics.Service.Desks;
using Grpc.Core;
using Microsoft.AspNetCore.Authorization;

namespace EGov.Biometrics.Server.Api;

/// <summary>
/// The desk flow on the wire: an agent's stream (hello, heartbeats and captures in; welcome, acknowledgements
/// and capture requests out), operators' verify-at-desk, and the Situation Center's desk list, over <see cref="DeskService"/>.
/// </summary>
internal sealed class DesksService(DeskService desks, CredentialRateLimiter limiter, ServiceMetrics metrics, ILogger<DesksService> logger)
    : Contracts.V1.Desks.DesksBase
{
    [Authorize(Policy = AccessPolicies.DeskStream)]
    public override async Task Connect(IAsyncStreamReader<AgentMessage> requestStream, IServerStreamWriter<ServerMessage> responseStream, ServerCallContext context)
    {
        var cancel = context.CancellationToken;
        var device = context.Caller();
        if (!await requestStream.MoveNext(cancel) || requestStream.Current.KindCase != AgentMessage.KindOneofCase.Hello)
        {
            throw new ArgumentException("An agent's stream must open with AgentHello.");
        }

        var hello = requestStream.Current.Hello;
        var session = await desks.OpenAsync(device, hello.DeskId, hello.AgentVersion, hello.ModelId, hello.Centre, hello.Mode);
        logger.LogInformation("Desk {Desk} connected (agent {Version}, session {Session})", session.Desk, session.AgentVersion, session.SessionId);

        // A gRPC stream takes one writer at a time: acknowledgements and capture requests queue in one outbox.
        var outbox = Channel.CreateBounded<ServerMessage>(new BoundedChannelOptions(256) { SingleReader = true });
        using var replaced = CancellationTokenSource.CreateLinkedTokenSource(cancel, session.Closed);
        var writer = Task.Run(() => WriteAsync(outbox, responseStream, cancel), CancellationToken.None);
        var requests = Task.Run(() => ForwardRequestsAsync(session, outbox, replaced.Token), CancellationToken.None);
        try
        {
            await outbox.Writer.WriteAsync(new ServerMessage { Welcome = new Welcome { SessionId = session.SessionId, HeartbeatSeconds = DeskService.HeartbeatSeconds } }, cancel);
            await ReadAsync(requestStream, session, device, context, outbox, replaced.Token);
        }
        catch (OperationCanceledException) when (session.Closed.IsCancellationRequested && !cancel.IsCancellationRequested)
        {
            throw new RpcException(session.Revoked
                ? new Status(StatusCode.Unauthenticated, $"The credential of desk {session.Desk} was revoked: the stream is closed.")
                : new Status(StatusCode.Aborted, $"A newer connection for desk {session.Desk} replaced this one."));
        }
        finally
        {
            outbox.Writer.TryComplete();
            await desks.CloseAsync(session).ContinueWith(_ => { }, TaskScheduler.Default);
            await Task.WhenAll(writer, requests).ContinueWith(_ => { }, TaskScheduler.Default);
            logger.LogInformation("Desk {Desk} disconnected (session {Session})", session.Desk, session.SessionId);
        }
    }

    [Authorize(Policy = AccessPolicies.VerifyAtDesk)]
    public override async Task<VerifyResponse> VerifyAtDesk(VerifyAtDeskRequest request, ServerCallContext context)
    {
        var result = await desks.VerifyAtDeskAsync(request.DeskId, request.Pinfl, context.Caller(), request.TimeoutSeconds, Wire.Fmr(request.Fmr), context.CancellationToken);
        metrics.Decisions.WithLabels("verify-at-desk", result.Outcome).Inc();
        return Wire.From(result);
    }

    [Authorize(Policy = AccessPolicies.WatchDesks)]
    public override Task<ListDesksResponse> ListDesks(ListDesksRequest request, ServerCallContext context)
    {
        var response = new ListDesksResponse();
        response.Desks.AddRange(desks.ListDesks().Select(d => new DeskStatus
        {
            Desk = d.Desk,
            Online = d.Online,
            LastSeen = d.LastSeen?.ToString("O", CultureInfo.InvariantCulture) ?? string.Empty,
            Fps = d.Fps,
            QueueDepth = d.QueueDepth,
            Captures = d.Captures,
            Camera = d.Camera,
            CameraError = d.CameraError,
            AgentVersion = d.AgentVersion,
            Centre = d.Centre,
            Mode = d.Mode,
            ActiveCheck = d.ActiveCheck,
        }));
        return Task.FromResult(response);
    }

    private static async Task WriteAsync(Channel<ServerMessage> outbox, IServerStreamWriter<ServerMessage> responseStream, CancellationToken cancel)
    {
        await foreach (var message in outbox.Reader.ReadAllAsync(cancel))
        {
            await responseStream.WriteAsync(message, cancel);
        }
    }

    private static async Task ForwardRequestsAsync(DeskSession session, Channel<ServerMessage> outbox, CancellationToken cancel)
    {
        await foreach (var request in session.Requests.Reader.ReadAllAsync(cancel))
        {
            await outbox.Writer.WriteAsync(new ServerMessage { VerifyNext = new VerifyNext { RequestId = request.RequestId, TimeoutMs = (int)request.Timeout.TotalMilliseconds } }, cancel);
        }
    }

    private async Task ReadAsync(
        IAsyncStreamReader<AgentMessage> requestStream, DeskSession session, Caller device, ServerCallContext context, Channel<ServerMessage> outbox, CancellationToken cancel)
    {
        while (await requestStream.MoveNext(cancel))
        {
            desks.Heard(session, device);
            var message = requestStream.Current;
            switch (message.KindCase)
            {
                case AgentMessage.KindOneofCase.Heartbeat:
                    var beat = message.Heartbeat;
                    await desks.ApplyHeartbeatAsync(session, new DeskHeartbeat(beat.Fps, beat.QueueDepth, beat.CameraState, beat.CameraError));
                    break;
                case AgentMessage.KindOneofCase.Capture:
                    // Each capture costs an embedding and a 1:N search: a runaway agent waits for its rate, it is not refused.
                    while (!limiter.TryAcquire(device.Id))
                    {
                        await Task.Delay(50, cancel);
                    }

                    var c = message.Capture;
                    var outcome = await desks.RecordCaptureAsync(
                        session,
                        new DeskCapture(c.IdempotencyKey, c.Face?.ModelId ?? string.Empty, c.Face?.Image.ToByteArray() ?? [], c.TrackId, c.CapturedAt, c.Quality, c.Liveness, c.RequestId)
                        {
                            LivenessFrames = [.. c.LivenessFrames.Select(f => f.ToByteArray())],
                        },
                        device);
                    metrics.Decisions.WithLabels("desk-capture", outcome.Outcome).Inc();
                    await outbox.Writer.WriteAsync(
                        new ServerMessage { Ack = new CaptureAck { IdempotencyKey = outcome.IdempotencyKey, DecisionId = outcome.DecisionId, Identified = outcome.Identified, Duplicate = outcome.Duplicate, Error = outcome.Error } },
                        cancel);
                    break;
                case AgentMessage.KindOneofCase.VisitEnded:
                    var visit = message.VisitEnded;
                    desks.RecordVisit(session, visit.TrackId, visit.StartedAt, visit.EndedAt);
                    break;
                case AgentMessage.KindOneofCase.HallReport:
                    desks.ApplyHallReport(session, message.HallReport.Waiting, message.HallReport.DwellSeconds);
                    break;
                default:
                    throw new ArgumentException($"Unexpected {message.KindCase} after AgentHello.");
            }
        }
    }
}
