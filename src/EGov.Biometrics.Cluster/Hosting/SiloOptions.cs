namespace EGov.Biometrics.Cluster.Hosting;

/// <summary>
/// egov-server as a silo: its silo-to-silo port and client gateway port (both on loopback), the cluster it joins, the shard
/// count per model (the same on every silo, fixed for the cluster's life), and the PostgreSQL connection (password
/// included, resolved by the caller from a file or the environment) that holds the membership table.
/// </summary>
public sealed record SiloOptions(int SiloPort, int GatewayPort, string MembershipConnection, int Shards = Gallery.ShardedGalleryOptions.DefaultShards, string ClusterId = SiloOptions.DefaultClusterId)
{
    public const string DefaultClusterId = "egov";

    /// <summary>The Orleans service id: the same for every cluster of this service (grain state and reminders are keyed by it).</summary>
    public const string ServiceId = "egov-biometrics";
}
