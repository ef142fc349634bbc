using EGov.Biometrics.Edge.Queue;

namespace EGov.Biometrics.Edge.Agent;

/// <summary>With <c>--once</c>: stops the agent when the source has ended and the server has every capture.</summary>
internal sealed class CompletionMonitor(AgentOptions options, AgentStatus status, DiskCaptureQueue queue, IHostApplicationLifetime lifetime, ILogger<CompletionMonitor> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Once)
        {
            return;
        }

        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(200));
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            if (status.SourceEnded && queue.Depth == 0)
            {
                logger.LogInformation(
                    "Done: {Frames} frames, {Captures} captures, {Acknowledged} acknowledged ({Identified} identified, {Refused} refused)",
                    status.Frames, status.Captures, status.Acknowledged, status.Identified, status.Refused);
                lifetime.StopApplication();
                return;
            }
        }
    }
}
