using System.Text.Json.Serialization;

namespace EGov.Biometrics.Benchmarks.Cluster;

/// <summary>
/// The silo holding the most shards killed with SIGKILL under load (clients enrolling and identifying through the other silos' front ends):
/// acknowledged enrolments, how many no longer verify after the killed silo's restart (<see cref="LostAcknowledged"/>),
/// how the calls meanwhile ended, and the seconds from the kill until every call succeeded again with every shard.
/// </summary>
public sealed record KillRun(
    [property: JsonPropertyName("silos")] int Silos,
    [property: JsonPropertyName("shard_grains_on_killed_silo")] int ShardGrainsOnKilledSilo,
    [property: JsonPropertyName("clients")] int Clients,
    [property: JsonPropertyName("acknowledged")] int Acknowledged,
    [property: JsonPropertyName("lost_acknowledged")] int LostAcknowledged,
    [property: JsonPropertyName("recovery_s")] double? RecoverySeconds,
    [property: JsonPropertyName("identify_ok")] int IdentifyOk,
    [property: JsonPropertyName("identify_unavailable")] int IdentifyUnavailable,
    [property: JsonPropertyName("identify_other_failure")] int IdentifyOtherFailure,
    [property: JsonPropertyName("identify_partial")] int IdentifyPartial,
    [property: JsonPropertyName("enrol_failed")] int EnrolFailed,
    [property: JsonPropertyName("restart_s")] double RestartSeconds);
