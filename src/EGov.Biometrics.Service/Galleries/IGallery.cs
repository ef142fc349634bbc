using EGov.Biometrics.Matching.Search;

namespace EGov.Biometrics.Service.Galleries;

/// <summary>
/// What the decisions need from the enrolled templates' galleries, one per embedding model: 1:N search (top-k subjects,
/// the method that answered and how many shards answered), 1:1 against one subject, and keeping step with the registry
/// (templates added after the registry commits them, a subject removed after its deletion). One node holds every
/// gallery in process (<see cref="LocalGallery"/>, 1 of 1 shards); a cluster spreads each over shards on other
/// machines, and an answer that not every shard gave is never returned: it fails with <see cref="GalleryUnavailableException"/>
/// (a partial 1:N search is a false non-match).
/// </summary>
public interface IGallery
{
    /// <summary>The vector dimension of <paramref name="modelId"/>'s gallery; an <see cref="ArgumentException"/> for a model not served here.</summary>
    int Dimension(string modelId);

    /// <summary>The <paramref name="k"/> subjects whose best template is most similar to <paramref name="probe"/>, best first.</summary>
    Task<GalleryIdentification> IdentifyAsync(string modelId, float[] probe, int k, CancellationToken cancel = default);

    /// <summary><see cref="IdentifyAsync"/> for several probes of one model in one pass.</summary>
    Task<GalleryBatchIdentification> IdentifyBatchAsync(string modelId, IReadOnlyList<float[]> probes, int k, CancellationToken cancel = default);

    /// <summary>The probe against every template of one subject (only its shard is asked), or null when it has none of this model.</summary>
    Task<SubjectComparison?> CompareSubjectAsync(string modelId, float[] probe, string pinfl, CancellationToken cancel = default);

    /// <summary>Templates the registry has committed, now searched too; returns once every one is held.</summary>
    Task AddAsync(string pinfl, IReadOnlyList<GalleryTemplate> templates);

    /// <summary>A subject the registry has deleted, no longer searched.</summary>
    Task RemoveSubjectAsync(string pinfl);

    /// <summary>Each model's counts over the whole gallery (every shard).</summary>
    Task<IReadOnlyList<GalleryCounts>> CountsAsync(CancellationToken cancel = default);

    /// <summary>Templates and index memory held by this process (cheap, no remote call: what the metrics endpoint reports).</summary>
    (long Templates, long Bytes) LocalSize();
}
