using System.Diagnostics;
using EGov.Biometrics.Service.Decisions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace EGov.Biometrics.Server.Hosting;

/// <summary>
/// Reports how each gallery was loaded, then keeps the encrypted gallery snapshots fresh off the request
/// path: right after start (so a gallery rebuilt from the registry is not rebuilt again next time), every
/// <see cref="MatchingOptions.SnapshotInterval"/> while the gallery changes, within a minute of a subject's
/// deletion (its rows leave the disk), and once more at shutdown.
/// </summary>
public sealed partial class GallerySnapshotWriter(TemplateIndex index, MatchingOptions options, ILogger<GallerySnapshotWriter> logger) : BackgroundService
{
    private static readonly TimeSpan DeletionDelay = TimeSpan.FromMinutes(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        foreach (var line in index.LoadReport)
        {
            Loaded(line);
        }

        using var timer = new PeriodicTimer(options.SnapshotInterval < DeletionDelay ? options.SnapshotInterval : DeletionDelay);
        var sinceSave = Stopwatch.StartNew();
        var first = true;
        do
        {
            if (first || index.DeletionPending || sinceSave.Elapsed >= options.SnapshotInterval)
            {
                await Task.Run(Save, CancellationToken.None).ConfigureAwait(false);
                sinceSave.Restart();
                first = false;
            }
        }
        while (await NextTick(timer, stoppingToken).ConfigureAwait(false));
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
        Save();
    }

    private static async Task<bool> NextTick(PeriodicTimer timer, CancellationToken stoppingToken)
    {
        try
        {
            return await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private void Save()
    {
        try
        {
            foreach (var model in index.SaveChangedSnapshots())
            {
                Written(model);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException)
        {
            // The registry is the system of record: a snapshot that cannot be written costs a longer catch-up at the next start, not data.
            Failed(e.Message);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "{Line}")]
    private partial void Loaded(string line);

    [LoggerMessage(Level = LogLevel.Information, Message = "Gallery snapshot written for model {Model}.")]
    private partial void Written(string model);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Gallery snapshot not written ({Reason}); the previous one stays, and the next start catches it up from the registry.")]
    private partial void Failed(string reason);
}
