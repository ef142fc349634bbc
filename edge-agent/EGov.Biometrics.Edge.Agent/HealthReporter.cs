using EGov.Biometrics.Edge.Queue;
using EGov.Biometrics.Edge.Sources;
using Microsoft.Extensions.Hosting.Systemd;

namespace EGov.Biometrics.Edge.Agent;

/// <summary>
/// The agent's health where a technician looks: every camera state change in the log (a failing or
/// vanished source as a warning with its error), and a one-line status for <c>systemctl status egov-edge</c>.
/// The same state reaches the Situation Center in every heartbeat.
/// </summary>
internal sealed class HealthReporter(IFrameSource source, AgentStatus status, DiskCaptureQueue queue, ISystemdNotifier systemd, ILogger<HealthReporter> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (source is ResilientFrameSource resilient)
        {
            resilient.StateChanged += Log;
        }

        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(5));
        try
        {
            do
            {
                if (systemd.IsEnabled)
                {
                    systemd.Notify(new ServiceState($"STATUS={Summary()}"));
                }
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            if (source is ResilientFrameSource r)
            {
                r.StateChanged -= Log;
            }
        }
    }

    internal string Summary()
    {
        var camera = status.Camera?.Status.ToString().ToLowerInvariant() ?? "opening";
        return $"camera {camera}, {status.Fps:F1} frames/s, {status.Captures} captures, {queue.Depth} queued, server {(status.Connected ? "connected" : "unreachable")}";
    }

    private void Log(CameraState state)
    {
        switch (state.Status)
        {
            case CameraStatus.Reconnecting:
                logger.LogWarning("Source {Source} failed ({Error}); attempt {Attempt}, reopening in {Delay:F1} s", source.Description, state.LastError?.Message, state.FailedAttempts, state.RetryIn.TotalSeconds);
                break;
            case CameraStatus.Streaming:
                logger.LogInformation("Source {Source} streaming", source.Description);
                break;
            case CameraStatus.Ended:
                logger.LogInformation("Source {Source} ended", source.Description);
                break;
            default:
                break;
        }
    }
}
