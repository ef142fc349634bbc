using System.Diagnostics;
using EGov.Biometrics.Cluster.Gallery;
using EGov.Biometrics.Cluster.Placement;
using EGov.Biometrics.Cluster.Sharding;
using EGov.Biometrics.Matching.Gallery;
using EGov.Biometrics.Registry.Subjects;
using Microsoft.Extensions.Logging;
using Orleans.Concurrency;

namespace EGov.Biometrics.Cluster.Grains;

/// <summary>
/// A shard of one model's gallery in a silo. Activation loads the shard's part of the registry (<see cref="ShardLoader"/>);
/// searches run on the thread pool side by side (the grain is reentrant and the gallery's reads take no lock), while adds
/// and removals are synchronous turns. An add that fails drops the activation, so the shard cannot go on answering
/// without a template the registry has committed: its next activation loads it from the registry.
/// </summary>
[Reentrant]
[ShardPlacement]
internal sealed partial class GalleryShardGrain(
    SubjectRegistry registry, ShardedGalleryOptions options, LocalShards local, IClusterMembershipService membership, ILocalSiloDetails silo, ILogger<GalleryShardGrain> logger)
    : Grain, IGalleryShardGrain
{
    private ShardKey _key;
    private FaceGallery _gallery = null!;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _key = ShardKey.Parse(this.GetPrimaryKeyString());
        if (_key.Shards != options.Shards || _key.Shard < 0 || _key.Shard >= _key.Shards)
        {
            throw new InvalidOperationException($"Shard {_key} does not belong to this cluster's {options.Shards} shards per model.");
        }

        var dimension = options.Dimension(_key.ModelId);
        var clock = Stopwatch.StartNew();
        _gallery = await Task.Run(() => ShardLoader.Load(registry, _key, dimension, options.MatchingOrDefault, cancellationToken), cancellationToken);
        local.Activated(_key, _gallery);
        this.RegisterGrainTimer(MoveIfMisplaced, new GrainTimerCreationOptions(options.PlacementInterval, options.PlacementInterval) { Interleave = true });
        LogActivated(_key.ToString(), _gallery.Count, _gallery.SubjectCount, clock.Elapsed.TotalSeconds);
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        local.Deactivated(_key);
        LogDeactivated(_key.ToString(), reason.Description);
        return Task.CompletedTask;
    }

    public async Task<ShardSearch> Identify(float[][] probes, int k)
    {
        var gallery = _gallery;
        return await Task.Run(() =>
        {
            if (probes.Length == 1)
            {
                var one = gallery.Identify(probes[0], k);
                return new ShardSearch([Hits(one.Hits)], (int)one.Method);
            }

            var (hits, method) = gallery.IdentifyBatch(probes, k);
            return new ShardSearch([.. hits.Select(Hits)], (int)method);
        });
    }

    public Task<ShardComparison?> CompareSubject(float[] probe, string pinfl)
    {
        RequireOwned(pinfl);
        var comparison = _gallery.CompareSubject(probe, pinfl);
        return Task.FromResult(comparison is { } c ? new ShardComparison(c.Max, c.Mean, c.Templates) : null);
    }

    public Task Add(string pinfl, ShardTemplate[] templates)
    {
        RequireOwned(pinfl);
        try
        {
            foreach (var template in templates)
            {
                // Idempotent: a template this activation already loaded from the registry (it committed before the load read it) is replaced.
                _gallery.Remove(template.TemplateId);
                _gallery.Add(template.TemplateId, pinfl, template.Vector);
            }
        }
        catch (Exception e)
        {
            LogAddFailed(e, _key.ToString());
            DeactivateOnIdle();
            throw;
        }

        return Task.CompletedTask;
    }

    public Task RemoveSubject(string pinfl)
    {
        RequireOwned(pinfl);
        _gallery.RemoveSubject(pinfl);
        return Task.CompletedTask;
    }

    // A silo joined (or left) since this shard was placed: it moves to its place, loading its part there; searches
    // meanwhile wait for it or fail Unavailable.
    private Task MoveIfMisplaced()
    {
        var active = membership.CurrentSnapshot.Members.Values.Where(m => m.Status == SiloStatus.Active).Select(m => m.SiloAddress).ToList();
        if (active.Count > 0 && !ShardPlacementStrategy.SiloFor(_key, active).Equals(silo.SiloAddress))
        {
            LogMoving(_key.ToString(), ShardPlacementStrategy.SiloFor(_key, active).ToString());
            this.MigrateOnIdle();
        }

        return Task.CompletedTask;
    }

    public Task<ShardCounts> Counts() =>
        Task.FromResult(new ShardCounts(_gallery.Dimension, _gallery.Count, _gallery.SubjectCount, _gallery.MemoryBytes));

    public Task Reload()
    {
        DeactivateOnIdle();
        return Task.CompletedTask;
    }

    private static ShardHit[] Hits(IReadOnlyList<Matching.Search.SubjectHit> hits) =>
        [.. hits.Select(h => new ShardHit(h.SubjectId, h.Score, h.BestTemplateId))];

    // A call for a subject another shard owns is a routing fault: answering it would hide the subject's real templates.
    private void RequireOwned(string pinfl)
    {
        if (PinflShards.ShardOf(pinfl, _key.Shards) != _key.Shard)
        {
            throw new ArgumentException($"PINFL {pinfl} belongs to shard {PinflShards.ShardOf(pinfl, _key.Shards)}, not {_key}.");
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Shard {Shard} activated: {Templates} templates of {Subjects} subjects loaded from the registry in {Seconds:F1} s")]
    private partial void LogActivated(string shard, int templates, int subjects, double seconds);

    [LoggerMessage(Level = LogLevel.Information, Message = "Shard {Shard} deactivated: {Reason}")]
    private partial void LogDeactivated(string shard, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Shard {Shard} moves to its silo {Silo}")]
    private partial void LogMoving(string shard, string silo);

    [LoggerMessage(Level = LogLevel.Error, Message = "Shard {Shard} failed to add a committed template: it is deactivated and reloads from the registry")]
    private partial void LogAddFailed(Exception error, string shard);
}
