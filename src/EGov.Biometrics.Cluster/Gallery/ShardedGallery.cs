using EGov.Biometrics.Cluster.Grains;
using EGov.Biometrics.Cluster.Sharding;
using EGov.Biometrics.Matching.Gallery;
using EGov.Biometrics.Matching.Search;
using EGov.Biometrics.Service.Galleries;

namespace EGov.Biometrics.Cluster.Gallery;

/// <summary>
/// The galleries spread over the cluster's shard grains. A 1:N search fans out to every shard of the model at once and
/// merges their top-k (a subject lives on one shard, so the merge is the exact top-k of the whole gallery); if any shard
/// fails or does not answer within the timeout the search fails with <see cref="GalleryUnavailableException"/> ("k of n
/// shards answered"), never with the answer of the others. Verification, adds and removals go to the subject's own shard.
/// </summary>
public sealed class ShardedGallery(IGrainFactory grains, ShardedGalleryOptions options, LocalShards local) : IGallery
{
    public int Shards => options.Shards;

    public int Dimension(string modelId) => options.Dimension(modelId);

    public async Task<GalleryIdentification> IdentifyAsync(string modelId, float[] probe, int k, CancellationToken cancel = default)
    {
        var batch = await IdentifyBatchAsync(modelId, [probe], k, cancel).ConfigureAwait(false);
        return new GalleryIdentification(batch.Hits[0], batch.Method, batch.Shards);
    }

    public async Task<GalleryBatchIdentification> IdentifyBatchAsync(string modelId, IReadOnlyList<float[]> probes, int k, CancellationToken cancel = default)
    {
        // Refused here, before any shard is asked, as the single node's gallery refuses it.
        var dimension = Dimension(modelId);
        foreach (var probe in probes)
        {
            VectorValidation.EnsureUnit(probe, dimension, "query");
        }

        var queries = probes.ToArray();
        var answers = await FanOutAsync(modelId, shard => shard.Identify(queries, k), cancel).ConfigureAwait(false);
        var hits = new IReadOnlyList<SubjectHit>[queries.Length];
        for (var q = 0; q < queries.Length; q++)
        {
            hits[q] = [.. answers
                .SelectMany(a => a.Hits[q])
                .OrderByDescending(h => h.Score)
                .ThenBy(h => h.SubjectId, StringComparer.Ordinal)
                .Take(k)
                .Select(h => new SubjectHit(h.SubjectId, h.Score, h.BestTemplateId))];
        }

        // The costliest method any shard needed (a shard past the cascade threshold makes the search a cascade).
        return new GalleryBatchIdentification(hits, (SearchMethod)answers.Max(a => a.Method), new ShardCount(answers.Length, options.Shards));
    }

    public async Task<SubjectComparison?> CompareSubjectAsync(string modelId, float[] probe, string pinfl, CancellationToken cancel = default)
    {
        VectorValidation.EnsureUnit(probe, Dimension(modelId), "query");
        var key = Owner(modelId, pinfl);
        var comparison = await OneShardAsync(key, grains.GetGrain<IGalleryShardGrain>(key.ToString()).CompareSubject(probe, pinfl), cancel).ConfigureAwait(false);
        return comparison is { } c ? new SubjectComparison(pinfl, c.Max, c.Mean, c.Templates) : null;
    }

    public async Task AddAsync(string pinfl, IReadOnlyList<GalleryTemplate> templates)
    {
        foreach (var model in templates.GroupBy(t => t.ModelId, StringComparer.Ordinal))
        {
            var key = Owner(model.Key, pinfl);
            await ChangeAsync(key, shard => shard.Add(pinfl, [.. model.Select(t => new ShardTemplate(t.TemplateId, t.Vector))]), $"The enrolment of {pinfl} is committed").ConfigureAwait(false);
        }
    }

    public async Task RemoveSubjectAsync(string pinfl)
    {
        foreach (var modelId in options.Models.Keys)
        {
            await ChangeAsync(Owner(modelId, pinfl), shard => shard.RemoveSubject(pinfl), $"The deletion of {pinfl} is committed").ConfigureAwait(false);
        }
    }

    public async Task<IReadOnlyList<GalleryCounts>> CountsAsync(CancellationToken cancel = default)
    {
        var counts = new List<GalleryCounts>();
        foreach (var (modelId, dimension) in options.Models)
        {
            var shards = await FanOutAsync(modelId, shard => shard.Counts(), cancel).ConfigureAwait(false);
            counts.Add(new GalleryCounts(modelId, dimension, shards.Sum(s => s.Templates), shards.Sum(s => s.Subjects), shards.Sum(s => s.MemoryBytes)));
        }

        return counts;
    }

    public (long Templates, long Bytes) LocalSize() => local.Size();

    /// <summary>Activates every shard of every model (each loads its part of the registry), so the first searches do not wait for it.</summary>
    public async Task WarmUpAsync(TimeSpan timeout, CancellationToken cancel = default)
    {
        foreach (var modelId in options.Models.Keys)
        {
            await Task.WhenAll(Enumerable.Range(0, options.Shards)
                .Select(s => grains.GetGrain<IGalleryShardGrain>(new ShardKey(modelId, s, options.Shards).ToString()).Counts().WaitAsync(timeout, cancel))).ConfigureAwait(false);
        }
    }

    private ShardKey Owner(string modelId, string pinfl) => new(modelId, PinflShards.ShardOf(pinfl, options.Shards), options.Shards);

    // Every shard of the model, side by side, each within the timeout; all answers or Unavailable naming how many answered.
    private async Task<T[]> FanOutAsync<T>(string modelId, Func<IGalleryShardGrain, Task<T>> call, CancellationToken cancel)
    {
        var calls = Enumerable.Range(0, options.Shards)
            .Select(s => call(grains.GetGrain<IGalleryShardGrain>(new ShardKey(modelId, s, options.Shards).ToString())).WaitAsync(options.Timeout, cancel))
            .ToArray();
        await Task.WhenAll(calls.Cast<Task>()).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        cancel.ThrowIfCancellationRequested();
        var answered = calls.Count(c => c.IsCompletedSuccessfully);
        if (answered < calls.Length)
        {
            var failed = Array.FindIndex(calls, c => !c.IsCompletedSuccessfully);
            var error = calls[failed].Exception?.InnerException;
            throw new GalleryUnavailableException(
                $"{answered} of {calls.Length} shards answered (shard {new ShardKey(modelId, failed, options.Shards)}: {Reason(error)}); a search is not answered from part of the gallery, retry.",
                error ?? new TimeoutException());
        }

        return [.. calls.Select(c => c.Result)];
    }

    private async Task<T> OneShardAsync<T>(ShardKey key, Task<T> call, CancellationToken cancel)
    {
        try
        {
            return await call.WaitAsync(options.Timeout, cancel).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not (ArgumentException or OperationCanceledException))
        {
            throw new GalleryUnavailableException($"0 of 1 shards answered (shard {key}: {Reason(e)}); retry.", e);
        }
    }

    // A change the registry has committed: if the owning shard does not confirm it, the shard is told to reload from the
    // registry (which holds the change) before it answers again, and the caller is not given an acknowledgement.
    private async Task ChangeAsync(ShardKey key, Func<IGalleryShardGrain, Task> change, string committed)
    {
        var shard = grains.GetGrain<IGalleryShardGrain>(key.ToString());
        try
        {
            await change(shard).WaitAsync(options.Timeout).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not ArgumentException)
        {
            try
            {
                await shard.Reload().WaitAsync(options.Timeout).ConfigureAwait(false);
            }
            catch (Exception reload) when (reload is not ArgumentException)
            {
                // The shard is unreachable: its silo is going, and its next activation loads from the registry anyway.
            }

            throw new GalleryUnavailableException(
                $"{committed}, but its shard {key} did not confirm it ({Reason(e)}); the shard reloads from the registry before it answers again. Check before retrying.", e);
        }
    }

    private static string Reason(Exception? error) => error switch
    {
        null or TimeoutException => "no answer in time",
        _ => error.GetType().Name,
    };
}
