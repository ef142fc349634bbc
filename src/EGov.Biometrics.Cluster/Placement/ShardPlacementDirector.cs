using EGov.Biometrics.Cluster.Sharding;
using Orleans.Runtime.Placement;

namespace EGov.Biometrics.Cluster.Placement;

/// <summary>Activates a shard grain on the silo <see cref="ShardPlacementStrategy.SiloFor"/> names among those that can host it.</summary>
internal sealed class ShardPlacementDirector : IPlacementDirector
{
    public Task<SiloAddress> OnAddActivation(PlacementStrategy strategy, PlacementTarget target, IPlacementContext context) =>
        Task.FromResult(ShardPlacementStrategy.SiloFor(ShardKey.Parse(target.GrainIdentity.Key.ToString()), context.GetCompatibleSilos(target)));
}
