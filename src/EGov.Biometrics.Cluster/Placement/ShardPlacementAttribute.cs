using Orleans.Placement;

namespace EGov.Biometrics.Cluster.Placement;

/// <summary>Places a shard grain by <see cref="ShardPlacementStrategy"/>.</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false)]
public sealed class ShardPlacementAttribute : PlacementAttribute
{
    public ShardPlacementAttribute()
        : base(ShardPlacementStrategy.Instance)
    {
    }
}
