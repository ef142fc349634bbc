using System.Text.Json.Serialization;
using EGov.Biometrics.Benchmarks.Load;

namespace EGov.Biometrics.Benchmarks.Cluster;

/// <summary>
/// One configuration measured: <see cref="Silos"/> processes (0: the single node on SQLite) holding the gallery in
/// <see cref="Shards"/> shards; batch enrolment (32 templates a call, 4 calls at a time) of the gallery, identify and verify under the same closed loop, each process's resident
/// memory after it, and whether its identify answers equal the single node's and came from every shard.
/// </summary>
public sealed record ClusterRun(
    [property: JsonPropertyName("silos")] int Silos,
    [property: JsonPropertyName("shards")] int Shards,
    [property: JsonPropertyName("batch_enrol_per_second")] double EnrolPerSecond,
    [property: JsonPropertyName("identify")] LoadLevel Identify,
    [property: JsonPropertyName("verify")] LoadLevel Verify,
    [property: JsonPropertyName("resident_mib")] IReadOnlyList<double> ResidentMib,
    [property: JsonPropertyName("identify_equal_single_node")] bool IdentifyEqualSingleNode,
    [property: JsonPropertyName("shards_answered_min")] int ShardsAnsweredMin,
    [property: JsonPropertyName("shards_total")] int ShardsTotal,
    [property: JsonPropertyName("identifies_checked")] long IdentifiesChecked);
