using System.Net;
using EGov.Biometrics.Cluster.Gallery;
using EGov.Biometrics.Cluster.Hosting;
using EGov.Biometrics.Postgres.TestSupport;
using EGov.Biometrics.Service.Decisions;
using EGov.Biometrics.Service.Galleries;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Runtime;

namespace EGov.Biometrics.Cluster.Tests;

/// <summary>
/// Silos on separate machines: the address a silo advertises (<c>--silo-address</c>), and mutual TLS between silos that
/// lets in only a peer with the cluster's own certificate.
/// </summary>
public sealed class SiloTlsTests
{
    private const string Model = ShardedClusterFixture.Model;

    [Fact]
    public async Task A_silo_with_another_certificate_cannot_join_and_the_cluster_keeps_answering()
    {
        var postgres = PostgresServer.Instance;
        var database = postgres.CreateDatabase();
        var connection = ClusterMembership.Connection(database, postgres.Password);
        var folder = Directory.CreateTempSubdirectory("egov-silo-tls-");
        using var registry = await ShardedPostgresSiloTests.EnrolledAsync(folder, 20);

        var models = new Dictionary<string, int> { [Model] = ShardedClusterFixture.Dim };
        using var ours = ShardedPostgresSiloTests.NewCertificate();
        using var theirs = ShardedPostgresSiloTests.NewCertificate();
        using var first = ShardedPostgresSiloTests.Silo(registry, connection, ours, models);
        await first.StartAsync();
        using var second = ShardedPostgresSiloTests.Silo(registry, connection, ours, models);
        await second.StartAsync();
        Assert.Equal(new[] { 3, 3 }, await ShardedPostgresSiloTests.StatusesAsync(postgres.WithPassword(database)));

        // Its connections to the others fail the handshake (they refuse its certificate, it refuses theirs): it never becomes active.
        // It either fails its start or, if it got that far, is declared dead by the others and told to stop.
        var fatal = new RecordedFatalErrors();
        using var stranger = ShardedPostgresSiloTests.Silo(registry, connection, theirs, models, services => services.AddSingleton<IFatalErrorHandler>(fatal));
        var start = stranger.StartAsync();
        var deadline = DateTime.UtcNow.AddMinutes(2);
        while (!start.IsCompleted && fatal.Contexts.IsEmpty && DateTime.UtcNow < deadline)
        {
            await Task.Delay(200);
        }

        Assert.True(start.IsFaulted || !fatal.Contexts.IsEmpty, "The silo with another certificate joined the cluster.");
        using (var giveUp = new CancellationTokenSource(TimeSpan.FromSeconds(5)))
        {
            await Record.ExceptionAsync(() => stranger.StopAsync(giveUp.Token));
        }

        var statuses = await ShardedPostgresSiloTests.StatusesAsync(postgres.WithPassword(database));
        Assert.Equal(2, statuses.Count(s => s == 3));
        var gallery = first.Services.GetRequiredService<ShardedGallery>();
        var probe = ShardedClusterFixture.Noisy(ShardedClusterFixture.Face(7), 11);
        var answer = await gallery.IdentifyAsync(Model, probe, 5);
        Assert.Equal(new ShardCount(4, 4), answer.Shards);
        var single = new LocalGallery(TemplateIndex.Load(registry, models));
        Assert.Equal((await single.IdentifyAsync(Model, probe, 5)).Hits.Select(h => h.SubjectId), answer.Hits.Select(h => h.SubjectId));

        await second.StopAsync();
        await first.StopAsync();
        postgres.DropDatabase(database);
        registry.Dispose();
        folder.Delete(recursive: true);
    }

    [Fact]
    public void A_peer_is_let_in_only_with_the_same_certificate()
    {
        using var ours = ShardedPostgresSiloTests.NewCertificate();
        using var copy = System.Security.Cryptography.X509Certificates.X509CertificateLoader.LoadCertificate(ours.RawData);
        using var theirs = ShardedPostgresSiloTests.NewCertificate();

        Assert.True(SiloCertificate.IsOurs(ours, copy));
        Assert.False(SiloCertificate.IsOurs(ours, theirs));
        Assert.False(SiloCertificate.IsOurs(ours, null));
    }

    [Fact]
    public void A_certificate_not_allowed_for_client_authentication_is_refused_in_one_line()
    {
        using var serverOnly = ShardedPostgresSiloTests.NewCertificate("1.3.6.1.5.5.7.3.1");
        var refused = Assert.Throws<ArgumentException>(() => SiloCertificate.EnsureUsable(serverOnly));
        Assert.Contains("client authentication", refused.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', refused.Message);

        using var both = ShardedPostgresSiloTests.NewCertificate();
        SiloCertificate.EnsureUsable(both);
    }

    [Theory]
    [InlineData("not-an-address", "is not an IP address")]
    [InlineData("10.0.0.256", "is not an IP address")]
    [InlineData("0.0.0.0", "cannot be advertised")]
    [InlineData("::", "cannot be advertised")]
    public void A_bad_silo_address_is_refused_in_one_line_naming_the_option(string value, string reason)
    {
        var refused = Assert.Throws<ArgumentException>(() => SiloCertificate.ParseAddress(value));
        Assert.StartsWith("--silo-address: ", refused.Message, StringComparison.Ordinal);
        Assert.Contains(reason, refused.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', refused.Message);
    }

    [Fact]
    public void A_good_silo_address_is_the_one_advertised_and_loopback_is_the_default()
    {
        Assert.Equal(IPAddress.Parse("10.0.0.5"), SiloCertificate.ParseAddress("10.0.0.5"));
        Assert.Equal(IPAddress.Parse("fd00::5"), SiloCertificate.ParseAddress("fd00::5"));
        Assert.Equal(IPAddress.Loopback, new SiloOptions(1, 2).Address);
    }
}
