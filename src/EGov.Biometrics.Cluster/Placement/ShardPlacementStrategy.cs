using EGov.Biometrics.Cluster.Sharding;

namespace EGov.Biometrics.Cluster.Placement;

/// <summary>
/// Where a shard grain lives: shard s of S on the (s mod n)-th of the n active silos in address order, so every silo
/// holds its share of every model's shards whichever silo activated them (Orleans' default would keep them all on the
/// first silo up, which activates every shard at start). A shard whose silo is no longer its place moves there.
/// </summary>
[Serializable]
[GenerateSerializer]
[Immutable]
[SuppressReferenceTracking]
public sealed class ShardPlacementStrategy : PlacementStrategy
{
    public static readonly ShardPlacementStrategy Instance = new();

    /// <summary>The silo shard <paramref name="key"/> belongs on among <paramref name="silos"/> (any order).</summary>
    public static SiloAddress SiloFor(ShardKey key, IEnumerable<SiloAddress> silos)
    {
        var sorted = silos.Order().ToArray();
        if (sorted.Length == 0)
        {
            throw new InvalidOperationException($"No silo can host shard {key}.");
        }

        return sorted[key.Shard % sorted.Length];
    }
}
