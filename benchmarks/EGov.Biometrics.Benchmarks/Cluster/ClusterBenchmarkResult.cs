using System.Text.Json.Serialization;

namespace EGov.Biometrics.Benchmarks.Cluster;

/// <summary>Everything <c>egov-bench cluster</c> measured in one run, with the machine it ran on and the single node it is compared with.</summary>
public sealed record ClusterBenchmarkResult(
    [property: JsonPropertyName("cpu")] string Cpu,
    [property: JsonPropertyName("avx512")] bool Avx512,
    [property: JsonPropertyName("cores")] int Cores,
    [property: JsonPropertyName("subjects")] int Subjects,
    [property: JsonPropertyName("clients")] int Clients,
    [property: JsonPropertyName("seconds_per_level")] double SecondsPerLevel,
    [property: JsonPropertyName("single_node")] ClusterRun SingleNode,
    [property: JsonPropertyName("runs")] IReadOnlyList<ClusterRun> Runs,
    [property: JsonPropertyName("scatter_gather")] ScatterGather ScatterGather,
    [property: JsonPropertyName("kill")] KillRun? Kill,
    [property: JsonPropertyName("identify_equal_single_node")] bool IdentifyEqualSingleNode,
    [property: JsonPropertyName("shards_answered_every_identify")] bool ShardsAnsweredEveryIdentify,
    [property: JsonPropertyName("lost_acknowledged")] int? LostAcknowledged,
    [property: JsonPropertyName("recovery_s")] double? RecoverySeconds,
    [property: JsonPropertyName("note")] string Note);
