using System.Data.Common;
using System.Security.Cryptography.X509Certificates;
using EGov.Biometrics.Cluster.Gallery;
using EGov.Biometrics.Cluster.Membership;
using EGov.Biometrics.Cluster.Placement;
using EGov.Biometrics.Service.Decisions;
using EGov.Biometrics.Service.Galleries;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;
using Orleans.Configuration;
using Orleans.Connections.Security;

namespace EGov.Biometrics.Cluster.Hosting;

/// <summary>
/// Makes a host a silo of the cluster: Orleans with ADO.NET clustering on PostgreSQL (membership SQL installed first),
/// endpoints on the silo's address, mutual TLS between silos and on the gateway (<see cref="SiloCertificate"/>), failure detection tuned so a killed silo is declared dead within seconds (2.8 s measured) and a hung one in about half a minute (24 s measured), the shard grains,
/// the sharded gallery as the decisions' <see cref="IGallery"/>, and their write lock across the silos (<see cref="PostgresWriteLock"/>).
/// </summary>
public static class SiloHosting
{
    /// <summary>How often a silo probes its peers, and how long a probe may take.</summary>
    public static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(2);

    /// <summary>Missed probes before a silo suspects a peer (it then votes it dead; two votes, or every other silo's, declare it).</summary>
    public const int MissedProbes = 3;

    /// <summary>How long the first searches may wait for every shard to load its part of the registry at start.</summary>
    public static readonly TimeSpan WarmUpTimeout = TimeSpan.FromMinutes(10);

    /// <param name="membership">The PostgreSQL connection, password included, that holds the membership table (the registry's).</param>
    /// <param name="certificate">The silo's own certificate with its key (the data folder's server.pfx); every peer must present the same one.</param>
    public static void AddEgovSilo(this IHostApplicationBuilder builder, SiloOptions silo, string membership, X509Certificate2 certificate, IReadOnlyDictionary<string, int> models, MatchingOptions matching)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(silo.Shards, 1, "--shards");
        ArgumentOutOfRangeException.ThrowIfGreaterThan(silo.Shards, Sharding.PinflShards.MaxShards, "--shards");
        SiloCertificate.EnsureUsable(certificate);
        DbProviderFactories.RegisterFactory(PostgreSqlMembership.Invariant, NpgsqlFactory.Instance);
        PostgreSqlMembership.ApplyAsync(membership).GetAwaiter().GetResult();

        builder.UseOrleans(orleans =>
        {
            orleans.Configure<ClusterOptions>(cluster =>
            {
                cluster.ClusterId = silo.ClusterId;
                cluster.ServiceId = SiloOptions.ServiceId;
            });
            orleans.ConfigureEndpoints(silo.Address, silo.SiloPort, silo.GatewayPort, listenOnAnyHostAddress: false);
            // Silos may run on separate machines: each connection is TLS, both sides show a certificate, and only ours is let in.
            orleans.UseTls(certificate, tls =>
            {
                tls.RemoteCertificateMode = RemoteCertificateMode.RequireCertificate;
                tls.ClientCertificateMode = RemoteCertificateMode.RequireCertificate;
                tls.RemoteCertificateValidation = (peer, _, _) => SiloCertificate.IsOurs(certificate, peer);
            });
            orleans.UseAdoNetClustering(clustering =>
            {
                clustering.Invariant = PostgreSqlMembership.Invariant;
                clustering.ConnectionString = membership;
            });
            orleans.Configure<ClusterMembershipOptions>(membership =>
            {
                // A hung silo answers no probe: 3 missed probes 2 s apart, then the votes and the table update (24 s measured).
                // A SIGKILLed one refuses connections at once and was declared dead 2.8 s after the kill (measured);
                // its shards then activate elsewhere.
                membership.ProbeTimeout = ProbeTimeout;
                membership.NumMissedProbesLimit = MissedProbes;
                membership.NumVotesForDeathDeclaration = 2;
                membership.TableRefreshTimeout = TimeSpan.FromSeconds(5);
                membership.IAmAliveTablePublishTimeout = TimeSpan.FromSeconds(30);
            });
        });

        builder.Services.AddShardedGallery(new ShardedGalleryOptions(models, silo.Shards, Matching: matching));
        builder.Services.AddSingleton<IWriteLock>(new PostgresWriteLock(membership));
        builder.Services.AddHostedService<ShardWarmUp>();
    }

    /// <summary>The shard grains' dependencies and the sharded gallery as <see cref="IGallery"/> (a silo's, or a test cluster's).</summary>
    public static IServiceCollection AddShardedGallery(this IServiceCollection services, ShardedGalleryOptions options)
    {
        services.AddPlacementDirector<ShardPlacementStrategy, ShardPlacementDirector>();
        return services
            .AddSingleton(options)
            .AddSingleton<LocalShards>()
            .AddSingleton<ShardedGallery>()
            .AddSingleton<IGallery>(provider => provider.GetRequiredService<ShardedGallery>());
    }
}
