using EGov.Biometrics.Matching.Search;
using EGov.Biometrics.Service.Decisions;

namespace EGov.Biometrics.Service.Galleries;

/// <summary>The single node's gallery: every model's <see cref="TemplateIndex"/> gallery in this process, one shard of one.</summary>
public sealed class LocalGallery(TemplateIndex index) : IGallery
{
    public TemplateIndex Index => index;

    public int Dimension(string modelId) => index.For(modelId).Dimension;

    public Task<GalleryIdentification> IdentifyAsync(string modelId, float[] probe, int k, CancellationToken cancel = default)
    {
        var found = index.For(modelId).Identify(probe, k);
        return Task.FromResult(new GalleryIdentification(found.Hits, found.Method, ShardCount.Single));
    }

    public Task<GalleryBatchIdentification> IdentifyBatchAsync(string modelId, IReadOnlyList<float[]> probes, int k, CancellationToken cancel = default)
    {
        var (hits, method) = index.For(modelId).IdentifyBatch(probes, k);
        return Task.FromResult(new GalleryBatchIdentification(hits, method, ShardCount.Single));
    }

    public Task<SubjectComparison?> CompareSubjectAsync(string modelId, float[] probe, string pinfl, CancellationToken cancel = default) =>
        Task.FromResult(index.For(modelId).CompareSubject(probe, pinfl));

    public Task AddAsync(string pinfl, IReadOnlyList<GalleryTemplate> templates)
    {
        foreach (var template in templates)
        {
            index.For(template.ModelId).Add(template.TemplateId, pinfl, template.Vector);
        }

        return Task.CompletedTask;
    }

    public Task RemoveSubjectAsync(string pinfl)
    {
        index.RemoveSubject(pinfl);
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<GalleryCounts>> CountsAsync(CancellationToken cancel = default) =>
        Task.FromResult<IReadOnlyList<GalleryCounts>>([.. index.Galleries.Select(g => new GalleryCounts(g.Key, g.Value.Dimension, g.Value.Count, g.Value.SubjectCount, g.Value.MemoryBytes))]);

    public (long Templates, long Bytes) LocalSize() =>
        (index.Galleries.Values.Sum(g => (long)g.Count), index.Galleries.Values.Sum(g => g.MemoryBytes));
}
