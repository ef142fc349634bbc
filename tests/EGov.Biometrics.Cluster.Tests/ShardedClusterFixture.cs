using EGov.Biometrics.Cluster.Gallery;
using EGov.Biometrics.Cluster.Hosting;
using EGov.Biometrics.Cluster.Sharding;
using EGov.Biometrics.Registry.Audit;
using EGov.Biometrics.Registry.Crypto;
using EGov.Biometrics.Registry.Storage;
using EGov.Biometrics.Registry.Subjects;
using Microsoft.Extensions.DependencyInjection;
using Orleans.TestingHost;

namespace EGov.Biometrics.Cluster.Tests;

/// <summary>
/// Two silos in process (Orleans' test cluster) over one SQLite registry with <see cref="Subjects"/> enrolled subjects of
/// 512-D templates, two per subject, sharded <see cref="Shards"/> ways; and a second model, <see cref="Broken"/>, whose
/// stored templates do not have its dimension, on subjects that all hash to shard 0: that shard cannot activate.
/// </summary>
public class ShardedClusterFixture : IAsyncLifetime
{
    public const string Model = "test-512";
    public const int Dim = 512;
    public const string Broken = "broken-16";
    public const int Shards = 5;
    public const int Subjects = 240;

    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("egov-cluster-");

    public ShardedClusterFixture()
        : this(placementCheck: null)
    {
    }

    /// <param name="placementCheck">How often shards check their place (the default's 20 s when null).</param>
    protected ShardedClusterFixture(TimeSpan? placementCheck)
    {
        Registry = new SubjectRegistry(new RegistryDatabase(Path.Combine(_folder.FullName, "registry.db")), new TemplateCipher(KeyRing.Generate()));
        Options = new ShardedGalleryOptions(new Dictionary<string, int> { [Model] = Dim, [Broken] = 16 }, Shards, PlacementCheck: placementCheck);
    }

    public SubjectRegistry Registry { get; }

    public ShardedGalleryOptions Options { get; }

    public InProcessTestCluster Cluster { get; private set; } = null!;

    public ShardedGallery Gallery { get; private set; } = null!;

    public static readonly AuditEntry Audit = new("key:test", "admin", "desk-1", "enroll", string.Empty, "enrolled");

    public static string PinflOf(int n) => $"3010190{n:D7}";

    /// <summary>Subject <paramref name="n"/>'s face: a fixed random direction; its templates and probes are noisy copies of it.</summary>
    public static float[] Face(int n) => Unit(Gaussians(n, Dim));

    public static float[] Noisy(float[] face, int seed, double noise = 0.35) =>
        Unit([.. face.Zip(Gaussians(seed, face.Length), (f, g) => f + (float)(noise * g / Math.Sqrt(face.Length)))]);

    public async Task InitializeAsync()
    {
        for (var n = 0; n < Subjects; n++)
        {
            var face = Face(n);
            await Registry.EnrollAsync(PinflOf(n), [new NewTemplate(Noisy(face, 1000 + n), Model), new NewTemplate(Noisy(face, 2000 + n), Model)], Audit);
        }

        // Templates of 8 values under a model of 16: a corrupt part of the registry, on shard 0 only.
        var broken = Enumerable.Range(900_000, 200).Select(PinflOf).Where(p => PinflShards.ShardOf(p, Shards) == 0).Take(2);
        foreach (var pinfl in broken)
        {
            await Registry.EnrollAsync(pinfl, [new NewTemplate(Unit(Gaussians(int.Parse(pinfl[^6..], System.Globalization.CultureInfo.InvariantCulture), 8)), Broken)], Audit);
        }

        var builder = new InProcessTestClusterBuilder(2);
        builder.ConfigureSilo((_, silo) => silo.Services.AddSingleton(Registry).AddShardedGallery(Options));
        Cluster = builder.Build();
        await Cluster.DeployAsync();
        Gallery = new ShardedGallery(Cluster.Client, Options, new LocalShards());
    }

    public async Task DisposeAsync()
    {
        await Cluster.DisposeAsync();
        Registry.Dispose();
        _folder.Delete(recursive: true);
    }

    // Normal draws (Box–Muller), fixed by the seed.
    private static float[] Gaussians(int seed, int count)
    {
        var random = new Random(seed);
        return [.. Enumerable.Range(0, count).Select(_ => (float)(Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble())))];
    }

    private static float[] Unit(float[] v)
    {
        var norm = (float)Math.Sqrt(v.Sum(x => (double)x * x));
        return [.. v.Select(x => x / norm)];
    }
}
