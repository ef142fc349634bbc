using Orleans.Concurrency;

namespace EGov.Biometrics.Cluster.Grains;

/// <summary>A probe against every template of one subject on its shard.</summary>
[GenerateSerializer]
[Immutable]
public sealed record ShardComparison([property: Id(0)] float Max, [property: Id(1)] float Mean, [property: Id(2)] int Templates);
