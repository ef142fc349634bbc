using Orleans.Concurrency;

namespace EGov.Biometrics.Cluster.Grains;

/// <summary>A shard's answer to a batch of probes: each probe's subjects, best first, and the search method it used (as its number).</summary>
[GenerateSerializer]
[Immutable]
public sealed record ShardSearch([property: Id(0)] ShardHit[][] Hits, [property: Id(1)] int Method);
