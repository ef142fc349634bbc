using System.Text.Json.Serialization;
using EGov.Biometrics.Benchmarks.Load;

namespace EGov.Biometrics.Benchmarks.Cluster;

/// <summary>The same gallery on one silo in one shard and in three, measured one after the other: what fanning out and merging costs.</summary>
public sealed record ScatterGather(
    [property: JsonPropertyName("one_shard")] LoadLevel OneShard,
    [property: JsonPropertyName("three_shards")] LoadLevel ThreeShards,
    [property: JsonPropertyName("p50_ratio")] double P50Ratio,
    [property: JsonPropertyName("throughput_ratio")] double ThroughputRatio);
