using Orleans.Concurrency;

namespace EGov.Biometrics.Cluster.Grains;

/// <summary>One shard in numbers: its dimension, templates, subjects and index memory.</summary>
[GenerateSerializer]
[Immutable]
public sealed record ShardCounts([property: Id(0)] int Dimension, [property: Id(1)] long Templates, [property: Id(2)] long Subjects, [property: Id(3)] long MemoryBytes);
