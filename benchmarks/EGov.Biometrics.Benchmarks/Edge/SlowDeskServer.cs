using System.Net;
using EGov.Biometrics.Contracts.V1;
using Grpc.Core;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace EGov.Biometrics.Benchmarks.Edge;

/// <summary>
/// A stand-in for egov-server's desk stream that takes <see cref="PerCapture"/> to acknowledge each capture
/// (zero: at once). It reads one message at a time, so a slow one pushes back on the agent through HTTP/2
/// flow control, as an overloaded server would. Plaintext on loopback: only the agent's behaviour is measured.
/// </summary>
internal sealed class SlowDeskServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private SlowDeskServer(WebApplication app, DeskCounters counters, int port)
    {
        _app = app;
        Counters = counters;
        Address = $"http://127.0.0.1:{port}";
    }

    public string Address { get; }

    public DeskCounters Counters { get; }

    public static async Task<SlowDeskServer> StartAsync(TimeSpan perCapture)
    {
        var port = Loopback.FreePort();
        var builder = WebApplication.CreateBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, port, l => l.Protocols = HttpProtocols.Http2));
        builder.Services.AddGrpc();
        var counters = new DeskCounters(perCapture);
        builder.Services.AddSingleton(counters);
        var app = builder.Build();
        app.MapGrpcService<PacedDesks>();
        await app.StartAsync();
        return new SlowDeskServer(app, counters, port);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    /// <summary>What the stand-in has seen.</summary>
    internal sealed class DeskCounters(TimeSpan perCapture)
    {
        private long _captures;

        public TimeSpan PerCapture { get; } = perCapture;

        public long Captures => Interlocked.Read(ref _captures);

        public Heartbeat? LastHeartbeat { get; set; }

        public void Captured() => Interlocked.Increment(ref _captures);
    }

    private sealed class PacedDesks(DeskCounters counters) : Contracts.V1.Desks.DesksBase
    {
        public override async Task Connect(IAsyncStreamReader<AgentMessage> requestStream, IServerStreamWriter<ServerMessage> responseStream, ServerCallContext context)
        {
            await responseStream.WriteAsync(new ServerMessage { Welcome = new Welcome { SessionId = "bench", HeartbeatSeconds = 1 } });
            while (await requestStream.MoveNext(context.CancellationToken))
            {
                var message = requestStream.Current;
                if (message.KindCase == AgentMessage.KindOneofCase.Heartbeat)
                {
                    counters.LastHeartbeat = message.Heartbeat;
                }
                else if (message.KindCase == AgentMessage.KindOneofCase.Capture)
                {
                    await Task.Delay(counters.PerCapture, context.CancellationToken);
                    counters.Captured();
                    await responseStream.WriteAsync(new ServerMessage { Ack = new CaptureAck { IdempotencyKey = message.Capture.IdempotencyKey } });
                }
            }
        }
    }
}
