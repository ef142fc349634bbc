namespace EGov.Biometrics.Benchmarks.Cluster;

/// <summary>What <c>egov-bench cluster</c> runs: the silo counts, the gallery, the load and its windows.</summary>
public sealed record ClusterOptions
{
    public IReadOnlyList<int> Silos { get; init; } = [1, 2, 3];

    public int Subjects { get; init; } = 10_000;

    /// <summary>The gallery's shards in the silo-count runs (the scatter-gather run compares 1 with 3 on its own).</summary>
    public int Shards { get; init; } = 12;

    public int Clients { get; init; } = 16;

    public TimeSpan Warmup { get; init; } = TimeSpan.FromSeconds(2);

    public TimeSpan Duration { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Probes whose answers are compared with the single node's in each run.</summary>
    public int ComparedProbes { get; init; } = 50;

    /// <summary>Whether to end with the SIGKILL run (the largest silo count, one silo killed under load).</summary>
    public bool Kill { get; init; } = true;
}
