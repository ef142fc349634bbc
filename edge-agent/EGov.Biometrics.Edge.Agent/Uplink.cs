using EGov.Biometrics.Contracts.Client;
using EGov.Biometrics.Contracts.V1;
using EGov.Biometrics.Edge.Queue;
using EGov.Biometrics.Edge.Sources;
using Google.Protobuf;
using Grpc.Core;
using V1 = EGov.Biometrics.Contracts.V1;

namespace EGov.Biometrics.Edge.Agent;

/// <summary>
/// The one stream to egov-server: hello, heartbeats, and the disk queue's captures in order, a window of
/// them in flight at once. A capture leaves the disk only when the server acknowledges it, so a broken
/// connection resends what was in flight (the server records each idempotency key once). Reconnects with
/// a capped exponential backoff; while away, captures wait on disk. In desk mode each ended visit goes out as
/// VisitEnded; in hall mode no capture is sent, only a HallReport (count and dwell times) with every heartbeat.
/// </summary>
internal sealed class Uplink(
    AgentOptions options, DiskCaptureQueue queue, AgentStatus status, CaptureRequests requests, UplinkSignal signal, VisitReports visits, ILogger<Uplink> logger)
    : BackgroundService
{
    private const string ModelId = "faceplugin-arcface-r512";

    /// <summary>A capture sent this often without an acknowledgement is set aside: it would block the queue forever.</summary>
    private const int MaxAttempts = 10;

    /// <summary>With captures in flight and no acknowledgement for this long, the connection is presumed stuck and replaced.</summary>
    private static readonly TimeSpan AckTimeout = TimeSpan.FromSeconds(60);

    private readonly Dictionary<Guid, int> _attempts = [];
    private static readonly string Version = typeof(Uplink).Assembly.GetName().Version?.ToString() ?? "0";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var failures = 0;
        var pinned = options.ServerCertificate is { Length: > 0 } pem ? ServerChannel.LoadPem(pem) : null;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                using var channel = ServerChannel.Open(options.Server, pinned, keepAlive: TimeSpan.FromSeconds(options.HeartbeatSeconds * 2));
                await RunSessionAsync(new V1.Desks.DesksClient(channel), () => failures = 0, stoppingToken);
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested && e is RpcException or IOException or HttpRequestException or InvalidOperationException or TimeoutException)
            {
                status.Connected = false;
                failures++;
                var delay = TimeSpan.FromSeconds(Math.Min(options.ReconnectMaxSeconds, Math.Pow(2, Math.Min(failures, 10) - 1)));
                logger.LogWarning("Server {Server} unreachable ({Error}); {Depth} captures wait on disk; retrying in {Delay:F0} s", options.Server, Describe(e), queue.Depth, delay.TotalSeconds);
                await Task.Delay(delay, stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
            }
            catch (RpcException e) when (stoppingToken.IsCancellationRequested && e.StatusCode == StatusCode.Cancelled)
            {
                // Stopping (the source ended and everything was delivered, or Ctrl+C): the cancelled call is the stop itself.
                return;
            }
        }
    }

    private async Task RunSessionAsync(V1.Desks.DesksClient client, Action connected, CancellationToken stoppingToken)
    {
        using var session = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        var headers = new Metadata { { "x-api-key", options.ApiKey }, { "x-desk-id", options.Desk } };
        using var call = client.Connect(headers, cancellationToken: session.Token);
        await call.RequestStream.WriteAsync(new AgentMessage
        {
            Hello = new AgentHello
            {
                DeskId = options.Desk, AgentVersion = Version, ModelId = ModelId, Centre = options.Centre, Mode = options.Mode,
                Capabilities = { options.HallMode ? ["hall-report"] : ["capture", "verify-next", "visits"] },
            },
        }, session.Token);
        if (!await call.ResponseStream.MoveNext(session.Token) || call.ResponseStream.Current.KindCase != ServerMessage.KindOneofCase.Welcome)
        {
            throw new InvalidOperationException("The server did not welcome the agent.");
        }

        var heartbeat = TimeSpan.FromSeconds(Math.Min(options.HeartbeatSeconds, Math.Max(1, call.ResponseStream.Current.Welcome.HeartbeatSeconds)));
        status.Connected = true;
        connected();
        logger.LogInformation("Connected to {Server} as desk {Desk}; {Depth} captures to send", options.Server, options.Desk, queue.Depth);

        var inFlight = new Dictionary<Guid, DateTime>();
        var inFlightLock = new Lock();
        var acks = Task.Run(() => ReadAsync(call.ResponseStream, inFlight, inFlightLock, session.Token), CancellationToken.None);
        var nextHeartbeat = DateTime.UtcNow;
        string? lastCameraState = null;
        try
        {
            while (!acks.IsCompleted)
            {
                // A camera that changed state is reported at once: the Situation Center need not wait for the next beat.
                if (DateTime.UtcNow >= nextHeartbeat || CameraState() != lastCameraState)
                {
                    var beat = Heartbeat();
                    lastCameraState = beat.CameraState;
                    await call.RequestStream.WriteAsync(new AgentMessage { Heartbeat = beat }, session.Token);
                    if (options.HallMode)
                    {
                        var report = HallReport();
                        await call.RequestStream.WriteAsync(new AgentMessage { HallReport = report }, session.Token);
                        visits.Sent(report.DwellSeconds.Count);
                    }

                    nextHeartbeat = DateTime.UtcNow + heartbeat;
                    queue.RemoveExpired();
                }

                if (options.HallMode)
                {
                    // A hall's agent sends counts only: nothing of a face leaves it.
                    var untilBeat = nextHeartbeat - DateTime.UtcNow;
                    await Task.WhenAny(signal.WaitAsync(untilBeat > TimeSpan.Zero ? untilBeat : TimeSpan.Zero, session.Token), acks);
                    continue;
                }

                foreach (var visit in visits.Drain())
                {
                    await call.RequestStream.WriteAsync(new AgentMessage { VisitEnded = VisitEnded(visit) }, session.Token);
                    visits.Sent(1);
                }

                lock (inFlightLock)
                {
                    if (inFlight.Count > 0 && DateTime.UtcNow - inFlight.Values.Min() > AckTimeout)
                    {
                        throw new TimeoutException($"No acknowledgement for {AckTimeout.TotalSeconds:F0} s with {inFlight.Count} captures in flight.");
                    }
                }

                // Answers to operators first, then the queue in order, up to the window.
                var batch = requests.Answers.Select(a => a.Capture).Concat(queue.PeekBatch(options.SendWindow));
                foreach (var capture in batch)
                {
                    lock (inFlightLock)
                    {
                        if (inFlight.Count >= options.SendWindow + 1 || !inFlight.TryAdd(capture.IdempotencyKey, DateTime.UtcNow))
                        {
                            continue;
                        }
                    }

                    if (SetAsideAfterTooManyAttempts(capture))
                    {
                        lock (inFlightLock)
                        {
                            inFlight.Remove(capture.IdempotencyKey);
                        }

                        continue;
                    }

                    await call.RequestStream.WriteAsync(new AgentMessage { Capture = ToWire(capture, requests.RequestFor(capture.IdempotencyKey)) }, session.Token);
                }

                var wait = nextHeartbeat - DateTime.UtcNow;
                await Task.WhenAny(signal.WaitAsync(wait > TimeSpan.Zero ? wait : TimeSpan.Zero, session.Token), acks);
            }

            await acks; // surfaces why the server side ended
            throw new IOException("The server closed the stream.");
        }
        finally
        {
            status.Connected = false;
            await session.CancelAsync();
            await acks.ContinueWith(_ => { }, TaskScheduler.Default);
        }
    }

    private async Task ReadAsync(IAsyncStreamReader<ServerMessage> responses, Dictionary<Guid, DateTime> inFlight, Lock inFlightLock, CancellationToken cancel)
    {
        while (await responses.MoveNext(cancel))
        {
            var message = responses.Current;
            switch (message.KindCase)
            {
                case ServerMessage.KindOneofCase.Ack when Guid.TryParse(message.Ack.IdempotencyKey, out var key):
                    if (message.Ack.Error.Length > 0)
                    {
                        logger.LogWarning("The server refused capture {Key}: {Error}", key, message.Ack.Error);
                        status.CaptureRefused();
                    }
                    else
                    {
                        status.CaptureAcknowledged(message.Ack.Identified);
                    }

                    queue.Acknowledge(key);
                    requests.Answered(key);
                    lock (inFlightLock)
                    {
                        inFlight.Remove(key);
                    }

                    lock (_attempts)
                    {
                        _attempts.Remove(key);
                    }

                    signal.Set();
                    break;
                case ServerMessage.KindOneofCase.VerifyNext:
                    logger.LogInformation("An operator asked for the next capture (request {Request})", message.VerifyNext.RequestId);
                    requests.Open(message.VerifyNext.RequestId, TimeSpan.FromMilliseconds(message.VerifyNext.TimeoutMs));
                    break;
                default:
                    break;
            }
        }
    }

    // Counts sends per capture across reconnects; the ack reader clears a capture's count when it is acknowledged.
    private bool SetAsideAfterTooManyAttempts(FaceCapture capture)
    {
        int attempts;
        lock (_attempts)
        {
            attempts = _attempts[capture.IdempotencyKey] = _attempts.GetValueOrDefault(capture.IdempotencyKey) + 1;
        }

        if (attempts <= MaxAttempts)
        {
            return false;
        }

        logger.LogError("Capture {Key} was sent {Attempts} times without an acknowledgement; setting it aside so the queue moves", capture.IdempotencyKey, MaxAttempts);
        queue.Acknowledge(capture.IdempotencyKey);
        requests.Answered(capture.IdempotencyKey);
        status.CaptureRefused();
        return true;
    }

    private HallReport HallReport()
    {
        var report = new HallReport { Waiting = visits.Present };
        report.DwellSeconds.AddRange(visits.Drain().Select(v => v.Duration.TotalSeconds));
        return report;
    }

    private static V1.VisitEnded VisitEnded(Edge.Tracking.TrackVisit visit) => new()
    {
        TrackId = visit.TrackId,
        StartedAt = visit.StartedAt.ToUniversalTime().ToString("O", System.Globalization.CultureInfo.InvariantCulture),
        EndedAt = visit.EndedAt.ToUniversalTime().ToString("O", System.Globalization.CultureInfo.InvariantCulture),
    };

    private string CameraState() => status.SourceEnded ? "ended" : status.Camera?.Status.ToString().ToLowerInvariant() ?? "opening";

    private Heartbeat Heartbeat()
    {
        var camera = status.Camera;
        var dropped = queue.Dropped;
        return new Heartbeat
        {
            Fps = status.Fps,
            QueueDepth = queue.Depth,
            CameraState = CameraState(),
            CameraError = camera?.LastError?.Message ?? string.Empty,
            Frames = status.Frames,
            FramesSkipped = status.FramesSkipped,
            CapturesDropped = dropped.DroppedFull + dropped.DroppedExpired + dropped.DroppedCorrupt,
        };
    }

    private static V1.Capture ToWire(FaceCapture capture, string? requestId)
    {
        var wire = new V1.Capture
        {
            IdempotencyKey = capture.IdempotencyKey.ToString(),
            TrackId = capture.TrackId,
            CapturedAt = capture.CapturedAt.ToUniversalTime().ToString("O", System.Globalization.CultureInfo.InvariantCulture),
            Face = new AlignedFace { ModelId = ModelId, Image = ByteString.CopyFrom(capture.AlignedPng) },
            Quality = capture.Quality,
            Liveness = capture.Liveness ?? 0,
            FrameIndex = capture.FrameIndex,
            RequestId = requestId ?? string.Empty,
            LivenessFrames = { capture.LivenessFrames.Select(ByteString.CopyFrom) },
        };
        foreach (var point in capture.Landmarks5)
        {
            wire.Landmarks.Add(point.X);
            wire.Landmarks.Add(point.Y);
        }

        return wire;
    }

    private static string Describe(Exception e) => e is RpcException rpc ? $"{rpc.StatusCode}: {rpc.Status.Detail}" : e.Message;
}
