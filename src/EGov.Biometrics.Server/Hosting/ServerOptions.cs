using EGov.Biometrics.Cluster.Hosting;
using EGov.Biometrics.Service.Decisions;

namespace EGov.Biometrics.Server.Hosting;

/// <summary>
/// How egov-server runs: where its data lives, where it listens, whether TLS is off (loopback only), how many
/// requests per second one credential may make (a burst of twice that is allowed), where Prometheus scrapes
/// /metrics (plain HTTP; off when null), whether enrolment images are kept (encrypted; they let a new embedding
/// model re-template everyone, at the cost of holding photos), and whether gRPC server reflection answers
/// (off by default: it hands anyone the API's shape; the demo turns it on for grpcurl), and whether the web console
/// for people (operators, supervisors, auditors) is served on the same address (needs TLS: browsers speak HTTP/1.1 too).
/// The key ring may live outside the data folder (<see cref="KeyRingPath"/>), and the audit anchor may have a
/// witness copy on another volume (<see cref="AuditWitnessPath"/>).
/// <see cref="MaxLargeRequests"/>, <see cref="MaxLargeRequestsPerConnection"/> and <see cref="MaxLargeRequestsPerCredential"/>
/// cap how many authenticated requests over 1 MiB (image uploads) are read at once, in all, per connection and per
/// credential; more are refused (ResourceExhausted, retry). <see cref="Matching"/>: when identification uses the
/// cascade and when float rows stay mapped (<see cref="MatchingOptions.Default"/> when null).
/// <see cref="Postgres"/>: the registry on PostgreSQL (a connection string without password; the password from
/// <see cref="PostgresPasswordFile"/> or <c>$EGOV_PG_PASSWORD</c>) instead of SQLite in the data folder.
/// </summary>
public sealed record ServerOptions(
    string DataDirectory, string Urls, bool Plaintext = false, int RequestsPerSecondPerKey = 100, string? MetricsUrl = null, bool StoreImages = false, bool Reflection = false, bool Console = true,
    string? KeyRingPath = null, string? AuditWitnessPath = null, int MaxLargeRequests = 16, int MaxLargeRequestsPerConnection = 4,
    int MaxLargeRequestsPerCredential = 4, MatchingOptions? Matching = null, string? Postgres = null, string? PostgresPasswordFile = null)
{
    /// <summary>Run as a silo of the cluster (--cluster, needs <see cref="Postgres"/>): the galleries are sharded over the silos' grains; null runs one node.</summary>
    public SiloOptions? Cluster { get; init; }

    /// <summary>The embedders enrolled and decided with, the default for image probes first; null: the manifest's default embedder alone.</summary>
    public IReadOnlyList<string>? Embedders { get; init; }

    /// <summary>Decide 1:1 on the manifest's fused score of two embedders (both served) where probe and subject have both.</summary>
    public bool Fusion { get; init; }
}
