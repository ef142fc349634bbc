using System.Collections.Concurrent;
using EGov.Biometrics.Cluster.Sharding;
using EGov.Biometrics.Matching.Gallery;

namespace EGov.Biometrics.Cluster.Gallery;

/// <summary>The shards active in this silo and their galleries: what this process holds, for its metrics (no remote call).</summary>
public sealed class LocalShards
{
    private readonly ConcurrentDictionary<ShardKey, FaceGallery> _active = new();

    public int Count => _active.Count;

    /// <summary>The shards active here.</summary>
    public IReadOnlyCollection<ShardKey> Keys => [.. _active.Keys];

    public void Activated(ShardKey key, FaceGallery gallery) => _active[key] = gallery;

    public void Deactivated(ShardKey key) => _active.TryRemove(key, out _);

    public (long Templates, long Bytes) Size() =>
        (_active.Values.Sum(g => (long)g.Count), _active.Values.Sum(g => g.MemoryBytes));
}
