using System.Globalization;
using EGov.Biometrics.Postgres.TestSupport;
using Grpc.Core;

namespace EGov.Biometrics.Benchmarks.Cluster;

/// <summary>
/// A cluster on loopback as <c>./build.sh cluster</c> runs one: a throw-away PostgreSQL, one key ring shared by
/// every silo (made by the first silo's start, mode 600), and N egov-server silos, each its own process, data
/// folder, front end, silo and gateway port. Everything is killed, stopped and deleted on dispose, also when the
/// test failed half-way; a test may kill (SIGKILL) and restart any silo, and stop and start PostgreSQL.
/// </summary>
public sealed class LocalCluster : IAsyncDisposable
{
    public static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(2);

    private readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("egov-cluster-");
    private readonly List<NodeProcess> _servers = [];

    private LocalCluster()
    {
    }

    public PostgresServer Postgres { get; private set; } = null!;

    public IReadOnlyList<NodeProcess> Silos { get; private set; } = [];

    public int Shards { get; private set; }

    public string KeyRing => Path.Combine(_root.FullName, "template-keys.json");

    /// <summary>The administrator's key the first silo wrote when the registry had none.</summary>
    public string AdminKey =>
        Silos.Select(s => Path.Combine(s.DataDirectory, "bootstrap-admin.key")).Where(File.Exists).Select(f => File.ReadAllText(f).Trim()).FirstOrDefault()
        ?? throw new InvalidOperationException("No silo wrote bootstrap-admin.key.");

    /// <summary>PostgreSQL, then the first silo (it makes the key ring and the schema), then the others at once.</summary>
    public static async Task<LocalCluster> StartAsync(int silos, int shards)
    {
        var cluster = new LocalCluster { Shards = shards };
        try
        {
            cluster.Postgres = await Task.Run(PostgresServer.StartNew);
            cluster.Silos = [.. Enumerable.Range(1, silos).Select(cluster.NewSilo)];
            await cluster.Silos[0].StartAsync(StartTimeout);
            cluster.ShareCertificate();
            await Task.WhenAll(cluster.Silos.Skip(1).Select(s => s.StartAsync(StartTimeout)));
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    /// <summary>A single node on its own SQLite registry (today's embedded default) beside the cluster, for comparisons.</summary>
    public async Task<NodeProcess> StartSingleNodeAsync()
    {
        var single = Track(NodeProcess.SingleNode(Path.Combine(_root.FullName, "single")));
        await single.StartAsync(StartTimeout);
        return single;
    }

    /// <summary>The administrator's key of a single node (its own registry).</summary>
    public static string AdminKeyOf(NodeProcess server) => File.ReadAllText(Path.Combine(server.DataDirectory, "bootstrap-admin.key")).Trim();

    public static Metadata Caller(string apiKey) => new() { { "x-api-key", apiKey }, { "x-desk-id", "cluster-test" } };

    public async ValueTask DisposeAsync()
    {
        foreach (var server in _servers)
        {
            server.Dispose();
        }

        try
        {
            if (Postgres is not null)
            {
                Postgres.Dispose();
            }
        }
        finally
        {
            _root.Delete(recursive: true);
        }
    }

    // The silos talk mutual TLS and accept only their own certificate: the first silo's server.pfx goes to every other
    // silo's folder before its first start, as ./build.sh cluster does.
    private void ShareCertificate()
    {
        var first = Path.Combine(Silos[0].DataDirectory, "server.pfx");
        foreach (var silo in Silos.Skip(1))
        {
            Directory.CreateDirectory(silo.DataDirectory);
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(silo.DataDirectory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            }

            File.Copy(first, Path.Combine(silo.DataDirectory, "server.pfx"), overwrite: false);
        }
    }

    private NodeProcess NewSilo(int number) => Track(new NodeProcess(
        $"silo {number}",
        Path.Combine(_root.FullName, $"silo-{number}"),
        [
            "--key-ring", KeyRing,
            "--postgres", Postgres.ConnectionString,
            "--postgres-password-file", Postgres.PasswordFile,
            "--cluster",
            "--silo-address", "127.0.0.1",
            "--silo-port", Loopback.FreePort().ToString(CultureInfo.InvariantCulture),
            "--gateway-port", Loopback.FreePort().ToString(CultureInfo.InvariantCulture),
            "--shards", Shards.ToString(CultureInfo.InvariantCulture),
            "--cluster-id", "egov-test",
            // The per-key rate limit guards against a runaway desk; the tests' one key drives the load.
            "--rate-limit", "100000",
        ]));

    private NodeProcess Track(NodeProcess server)
    {
        _servers.Add(server);
        return server;
    }
}
