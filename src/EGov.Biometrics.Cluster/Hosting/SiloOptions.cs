namespace EGov.Biometrics.Cluster.Hosting;

/// <summary>
/// egov-server as a silo: its silo-to-silo port and client gateway port (both on <see cref="Address"/>), the shard count per model (the
/// same on every silo, fixed for the cluster's life) and the cluster it joins. The membership table lives in the registry's
/// PostgreSQL (<see cref="ClusterMembership"/>).
/// </summary>
public sealed record SiloOptions(int SiloPort, int GatewayPort, int Shards = Gallery.ShardedGalleryOptions.DefaultShards, string ClusterId = SiloOptions.DefaultClusterId)
{
    public const string DefaultClusterId = "egov";

    /// <summary>The address the silo listens on and advertises to the others (<c>--silo-address</c>; loopback: every silo on one machine).</summary>
    public System.Net.IPAddress Address { get; init; } = System.Net.IPAddress.Loopback;

    /// <summary>The Orleans service id: the same for every cluster of this service (grain state and reminders are keyed by it).</summary>
    public const string ServiceId = "egov-biometrics";
}
