namespace EGov.Biometrics.Cluster.Tests;

/// <summary>The two-silo cluster of <see cref="ShardedClusterFixture"/> whose shards check their place every half second.</summary>
public sealed class ShardedRebalanceFixture() : ShardedClusterFixture(TimeSpan.FromMilliseconds(500));
