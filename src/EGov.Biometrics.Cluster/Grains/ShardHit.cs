using Orleans.Concurrency;

namespace EGov.Biometrics.Cluster.Grains;

/// <summary>One subject a shard found: the best of its templates (what crosses from the grain to the fan-out).</summary>
[GenerateSerializer]
[Immutable]
public sealed record ShardHit([property: Id(0)] string SubjectId, [property: Id(1)] float Score, [property: Id(2)] long BestTemplateId);
