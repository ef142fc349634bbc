using Orleans.Concurrency;

namespace EGov.Biometrics.Cluster.Grains;

/// <summary>A committed template sent to its owning shard: the registry's id and its unit vector.</summary>
[GenerateSerializer]
[Immutable]
public sealed record ShardTemplate([property: Id(0)] long TemplateId, [property: Id(1)] float[] Vector);
