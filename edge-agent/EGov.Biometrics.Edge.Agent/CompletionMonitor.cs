using EGov.Biometrics.Edge.Queue;

namespace EGov.Biometrics.Edge.Agent;

/// <summary>With <c>--once</c>: stops the agent when the source has ended and the server has every capture and visit.</summary>
internal sealed class CompletionMonitor(
    AgentOptions options, AgentStatus status, DiskCaptureQueue queue, VisitReports visits, IHostApplicationLifetime lifetime, ILogger<CompletionMonitor> logger)
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
            if (status.SourceEnded && queue.Depth == 0 && visits.Unsent == 0)
            {
                var dropped = queue.Dropped;
                var lost = dropped.DroppedFull + dropped.DroppedExpired + dropped.DroppedCorrupt + status.Refused;
                logger.LogInformation(
                    "Done: {Frames} frames, {Captures} captures, {Acknowledged} acknowledged ({Identified} identified, {Refused} refused); dropped from the queue: {Full} full, {Expired} expired, {Corrupt} corrupt",
                    status.Frames, status.Captures, status.Acknowledged, status.Identified, status.Refused, dropped.DroppedFull, dropped.DroppedExpired, dropped.DroppedCorrupt);

                // A run that lost captures must not look like a clean one to the script that started it.
                Environment.ExitCode = lost > 0 ? 3 : 0;
                lifetime.StopApplication();
                return;
            }
        }
    }
}
