using EGov.Biometrics.Cluster.Gallery;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace EGov.Biometrics.Cluster.Hosting;

/// <summary>
/// Once the silo has joined, asks every shard for its counts, so each is activated (somewhere in the cluster) and has loaded
/// its part of the registry before searches need it. A failure is logged: a search then waits for the activation or fails
/// Unavailable, it is never answered without a shard.
/// </summary>
internal sealed partial class ShardWarmUp(ShardedGallery gallery, IHostApplicationLifetime lifetime, ILogger<ShardWarmUp> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var started = new TaskCompletionSource();
        using (lifetime.ApplicationStarted.Register(started.SetResult))
        {
            await started.Task.WaitAsync(stoppingToken).ConfigureAwait(false);
        }

        try
        {
            await gallery.WarmUpAsync(SiloHosting.WarmUpTimeout, stoppingToken).ConfigureAwait(false);
            LogWarm(gallery.Shards);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogFailed(e);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Every shard is active ({Shards} per model)")]
    private partial void LogWarm(int shards);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Not every shard could be activated at start")]
    private partial void LogFailed(Exception error);
}
