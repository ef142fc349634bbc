using EGov.Biometrics.Contracts.V1;
using Grpc.Core;

namespace EGov.Biometrics.Benchmarks.SituationCenter;

/// <summary>
/// One desk agent as the server sees it, with no camera behind it: the Connect stream opened with AgentHello,
/// then a heartbeat every Welcome.heartbeat_seconds (jittered, as real agents drift apart), no captures.
/// </summary>
internal sealed class SimulatedDesk(string desk, string centre, string apiKey)
{
    private readonly CancellationTokenSource _stop = new();
    private Task _running = Task.CompletedTask;
    private long _heartbeats;

    public string Desk { get; } = desk;

    /// <summary>Heartbeats sent so far.</summary>
    public long Heartbeats => Interlocked.Read(ref _heartbeats);

    /// <summary>Why the stream ended other than by <see cref="StopAsync"/>; null while it runs or after a stop.</summary>
    public string? Failure { get; private set; }

    /// <summary>Opens the stream, sends AgentHello and waits for Welcome; returns the heartbeat interval the server asked for. Heartbeats then run until <see cref="StopAsync"/>.</summary>
    public async Task<int> ConnectAsync(Contracts.V1.Desks.DesksClient client, int seed)
    {
        var headers = new Metadata { { "x-api-key", apiKey }, { "x-desk-id", Desk } };
        var call = client.Connect(headers, cancellationToken: _stop.Token);
        await call.RequestStream.WriteAsync(new AgentMessage
        {
            Hello = new AgentHello { DeskId = Desk, AgentVersion = "bench-console", Centre = centre, Mode = "desk" },
        });
        if (!await call.ResponseStream.MoveNext(_stop.Token) || call.ResponseStream.Current.KindCase != ServerMessage.KindOneofCase.Welcome)
        {
            call.Dispose();
            throw new InvalidOperationException($"{Desk}: the server did not answer AgentHello with Welcome.");
        }

        var seconds = call.ResponseStream.Current.Welcome.HeartbeatSeconds;
        _running = RunAsync(call, seconds, new Random(seed));
        return seconds;
    }

    /// <summary>Ends the stream the way a stopped agent does: the call is cancelled, so the server sees it reset.</summary>
    public async Task StopAsync()
    {
        await _stop.CancelAsync();
        await _running;
    }

    private async Task RunAsync(AsyncDuplexStreamingCall<AgentMessage, ServerMessage> call, int seconds, Random random)
    {
        using (call)
        {
            // Nothing comes back without captures, but replies are read so that the stream never backs up.
            var drain = DrainAsync(call.ResponseStream);
            try
            {
                // The first beat at a random phase, then every interval ±10 %: thousands of desks do not beat in step.
                await Task.Delay(TimeSpan.FromSeconds(seconds * random.NextDouble()), _stop.Token);
                while (true)
                {
                    await call.RequestStream.WriteAsync(new AgentMessage { Heartbeat = new Heartbeat { Fps = 10, CameraState = "streaming" } }, _stop.Token);
                    Interlocked.Increment(ref _heartbeats);
                    await Task.Delay(TimeSpan.FromSeconds(seconds * (0.9 + (0.2 * random.NextDouble()))), _stop.Token);
                }
            }
            catch (Exception e) when (Ended(e))
            {
            }

            await drain;
        }
    }

    private async Task DrainAsync(IAsyncStreamReader<ServerMessage> replies)
    {
        try
        {
            while (await replies.MoveNext(_stop.Token))
            {
            }

            Failure ??= "the server ended the stream";
        }
        catch (Exception e) when (Ended(e))
        {
        }
    }

    // A stop of ours ends the stream quietly; anything else is remembered as the desk's failure.
    private bool Ended(Exception e)
    {
        if (!_stop.IsCancellationRequested && e is not OperationCanceledException)
        {
            Failure ??= e.Message;
        }

        return e is OperationCanceledException or RpcException or InvalidOperationException;
    }
}
