namespace EGov.Biometrics.Cluster.Grains;

/// <summary>
/// One shard of one model's gallery (key: <see cref="Sharding.ShardKey"/>): the subjects whose PINFL hashes to it, loaded
/// from the registry when the grain activates, searched with the matching core.
/// </summary>
public interface IGalleryShardGrain : IGrainWithStringKey
{
    /// <summary>Each probe's top <paramref name="k"/> subjects on this shard.</summary>
    Task<ShardSearch> Identify(float[][] probes, int k);

    /// <summary>The probe against one subject's templates, or null when this shard holds none of them.</summary>
    Task<ShardComparison?> CompareSubject(float[] probe, string pinfl);

    /// <summary>Committed templates of one subject this shard owns (idempotent: a template loaded already is replaced).</summary>
    Task Add(string pinfl, ShardTemplate[] templates);

    Task RemoveSubject(string pinfl);

    Task<ShardCounts> Counts();

    /// <summary>Drops this activation: the next call activates the shard afresh from the registry (after an add that failed).</summary>
    Task Reload();
}
