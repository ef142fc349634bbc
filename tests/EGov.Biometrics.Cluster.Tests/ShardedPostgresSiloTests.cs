using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using EGov.Biometrics.Cluster.Gallery;
using EGov.Biometrics.Cluster.Hosting;
using EGov.Biometrics.Cluster.Membership;
using EGov.Biometrics.Postgres.TestSupport;
using EGov.Biometrics.Registry.Crypto;
using EGov.Biometrics.Registry.Storage;
using EGov.Biometrics.Registry.Subjects;
using EGov.Biometrics.Service.Decisions;
using EGov.Biometrics.Service.Galleries;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace EGov.Biometrics.Cluster.Tests;

/// <summary>
/// Two silos hosted as egov-server hosts them (<see cref="SiloHosting.AddEgovSilo"/>) over a real PostgreSQL: they join
/// through the project's own membership SQL, search the shards together, and the cluster's write lock excludes across
/// connections.
/// </summary>
public sealed class ShardedPostgresSiloTests
{
    private const string Model = ShardedClusterFixture.Model;

    [Fact]
    public async Task Two_silos_join_through_the_membership_sql_search_together_and_one_that_stops_is_marked_dead()
    {
        var postgres = PostgresServer.Instance;
        var database = postgres.CreateDatabase();
        var connection = ClusterMembership.Connection(database, postgres.Password);
        var folder = Directory.CreateTempSubdirectory("egov-silos-");
        using var registry = await EnrolledAsync(folder, 60);

        var models = new Dictionary<string, int> { [Model] = ShardedClusterFixture.Dim };

        // Applied again at every start: the second time must change nothing and fail nothing.
        await PostgreSqlMembership.ApplyAsync(connection);
        using var certificate = NewCertificate();
        using var first = Silo(registry, connection, certificate, models);
        await first.StartAsync();
        using var second = Silo(registry, connection, certificate, models);
        await second.StartAsync();

        Assert.Equal(new[] { 3, 3 }, await StatusesAsync(postgres.WithPassword(database)));
        var gallery = first.Services.GetRequiredService<ShardedGallery>();
        var single = new LocalGallery(TemplateIndex.Load(registry, models));
        var probe = ShardedClusterFixture.Noisy(ShardedClusterFixture.Face(9), 11);
        var answer = await gallery.IdentifyAsync(Model, probe, 5);
        Assert.Equal((await single.IdentifyAsync(Model, probe, 5)).Hits.Select(h => h.SubjectId), answer.Hits.Select(h => h.SubjectId));
        Assert.Equal(new ShardCount(4, 4), answer.Shards);
        Assert.IsType<PostgresWriteLock>(first.Services.GetRequiredService<IWriteLock>());

        await second.StopAsync();
        Assert.Equal(new[] { 3, 6 }, await StatusesAsync(postgres.WithPassword(database)));
        Assert.Equal(new ShardCount(4, 4), (await gallery.IdentifyAsync(Model, probe, 5)).Shards);
        await first.StopAsync();
        postgres.DropDatabase(database);
        registry.Dispose();
        folder.Delete(recursive: true);
    }

    [Fact]
    public async Task The_write_lock_holds_a_second_silo_until_the_first_lets_go_and_an_unreachable_database_is_unavailable()
    {
        var postgres = PostgresServer.Instance;
        var database = postgres.CreateDatabase();
        var connection = ClusterMembership.Connection(database, postgres.Password);
        var (one, two) = (new PostgresWriteLock(connection), new PostgresWriteLock(connection));

        var held = await one.AcquireAsync();
        var waiting = two.AcquireAsync();
        await Task.Delay(500);
        Assert.False(waiting.IsCompleted);
        await held.DisposeAsync();
        await (await waiting.WaitAsync(TimeSpan.FromSeconds(10))).DisposeAsync();

        var closed = new NpgsqlConnectionStringBuilder(connection) { Port = LoopbackPorts.Next(), Timeout = 3 }.ConnectionString;
        await Assert.ThrowsAsync<GalleryUnavailableException>(() => new PostgresWriteLock(closed).AcquireAsync());
        postgres.DropDatabase(database);
    }

    /// <summary>A SQLite registry in <paramref name="folder"/> with <paramref name="subjects"/> noisy faces enrolled.</summary>
    internal static async Task<SubjectRegistry> EnrolledAsync(DirectoryInfo folder, int subjects)
    {
        var registry = new SubjectRegistry(new RegistryDatabase(Path.Combine(folder.FullName, "registry.db")), new TemplateCipher(KeyRing.Generate()));
        for (var n = 0; n < subjects; n++)
        {
            await registry.EnrollAsync(ShardedClusterFixture.PinflOf(n), [new NewTemplate(ShardedClusterFixture.Noisy(ShardedClusterFixture.Face(n), n), Model)], ShardedClusterFixture.Audit);
        }

        return registry;
    }

    /// <summary>A self-signed certificate with its key, loaded from PKCS #12 as the data folder's server.pfx is.</summary>
    internal static X509Certificate2 NewCertificate(params string[] usages)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=egov-silo-test", key, HashAlgorithmName.SHA256);
        usages = usages.Length > 0 ? usages : ["1.3.6.1.5.5.7.3.1", SiloCertificate.ClientAuthentication]; // as the data folder's
        var oids = new OidCollection();
        foreach (var usage in usages)
        {
            oids.Add(new Oid(usage));
        }

        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(oids, critical: false));
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
        return X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pfx), password: null);
    }

    internal static IHost Silo(SubjectRegistry registry, string connection, X509Certificate2 certificate, IReadOnlyDictionary<string, int> models, Action<IServiceCollection>? configure = null)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton(registry);
        builder.AddEgovSilo(new SiloOptions(LoopbackPorts.Next(), LoopbackPorts.Next(), Shards: 4), connection, certificate, models, MatchingOptions.Default);
        configure?.Invoke(builder.Services);
        return builder.Build();
    }

    internal static async Task<int[]> StatusesAsync(string connection)
    {
        await using var database = new NpgsqlConnection(connection);
        await database.OpenAsync();
        await using var query = new NpgsqlCommand("SELECT status FROM orleansmembershiptable ORDER BY starttime", database);
        await using var reader = await query.ExecuteReaderAsync();
        var statuses = new List<int>();
        while (await reader.ReadAsync())
        {
            statuses.Add(reader.GetInt32(0));
        }

        return [.. statuses];
    }
}
