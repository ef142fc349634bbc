using EGov.Biometrics.Edge.Queue;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace EGov.Biometrics.Edge.Agent.Tests;

/// <summary>egov-edge in this process against a <see cref="DeskServer"/>, with its own data folder.</summary>
public sealed class AgentRun : IDisposable
{
    private readonly DirectoryInfo _data = Directory.CreateTempSubdirectory("egov-edge-");

    public AgentRun(DeskServer server, string source, string desk, string deviceKey, params string[] extra)
    {
        Host = AgentHost.Build(
        [
            "--source", source, "--server", server.Address, "--desk", desk, "--api-key", deviceKey, "--ca", server.Certificate,
            "--data-dir", _data.FullName, "--Agent:ReconnectMaxSeconds=1", "--Agent:HeartbeatSeconds=1", .. extra,
        ]);
    }

    public IHost Host { get; }

    public AgentStatus Status => Host.Services.GetRequiredService<AgentStatus>();

    public DiskCaptureQueue Queue => Host.Services.GetRequiredService<DiskCaptureQueue>();

    /// <summary>Runs until the agent stops itself (--once) or <paramref name="timeout"/> passes (a failure).</summary>
    public async Task RunToCompletionAsync(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        await Host.StartAsync(cancel.Token);
        await Host.WaitForShutdownAsync(cancel.Token);
        Assert.False(cancel.IsCancellationRequested, $"the agent did not finish within {timeout.TotalSeconds} s: {Status.Captures} captures, {Queue.Depth} still queued, connected {Status.Connected}");
    }

    public void Dispose()
    {
        Host.Dispose();
        _data.Delete(recursive: true);
    }
}
