using EGov.Biometrics.Registry.Access;
using EGov.Biometrics.Registry.Audit;
using EGov.Biometrics.Server.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace EGov.Biometrics.Edge.Agent.Tests;

/// <summary>
/// A real egov-server on a fixed loopback port with TLS and its own data folder, which a test can stop and
/// start again on the same port and data (an outage), and query as someone with disk access would.
/// </summary>
public sealed class DeskServer : IAsyncDisposable
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("egov-desk-server-");
    private readonly int _port = LoopbackPorts.Next();
    private WebApplication? _app;

    public string Address => $"https://127.0.0.1:{_port}";

    public string DataDirectory => _folder.FullName;

    public string Certificate => Path.Combine(_folder.FullName, "server.crt");

    public string AdminKey => File.ReadAllText(Path.Combine(_folder.FullName, Server.Hosting.DataDirectory.BootstrapKeyFile)).Trim();

    public bool Running => _app is not null;

    /// <summary>The running server's services (its Situation Center, read in process).</summary>
    public IServiceProvider Services => _app!.Services;

    public async Task StartAsync()
    {
        _app = ServerHost.Build(new ServerOptions(_folder.FullName, Address, RequestsPerSecondPerKey: 1000));
        await _app.StartAsync();
    }

    public async Task StopAsync()
    {
        if (_app is { } app)
        {
            _app = null;
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }

    public string CreateKey(string role, string desk = "") => new ApiKeyStore(new Registry.Storage.RegistryDatabase(Path.Combine(_folder.FullName, "registry.db"))).Create(role, desk);

    /// <summary>
    /// Turns the active check off at <paramref name="desk"/> through the admin RPC, as for a fixed still camera: the
    /// footage these tests replay pastes still photos into the scene (no blink, no head turn).
    /// </summary>
    public async Task StillCameraAt(string desk)
    {
        using var channel = Contracts.Client.ServerChannel.Open(Address, Contracts.Client.ServerChannel.LoadPem(Certificate));
        await new Contracts.V1.Administration.AdministrationClient(channel).SetDeskPolicyAsync(
            new Contracts.V1.SetDeskPolicyRequest { Desk = desk, ActiveCheck = false }, new Grpc.Core.Metadata { { "x-api-key", AdminKey } });
    }

    /// <summary>Rows of a query against the registry file.</summary>
    public List<object[]> Query(string sql)
    {
        using var connection = new SqliteConnection($"Data Source={Path.Combine(_folder.FullName, "registry.db")};Mode=ReadOnly");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var rows = new List<object[]>();
        while (reader.Read())
        {
            var row = new object[reader.FieldCount];
            reader.GetValues(row);
            rows.Add(row);
        }

        return rows;
    }

    public bool AuditIntact()
    {
        var keys = Registry.Crypto.KeyRing.Parse(File.ReadAllText(Path.Combine(_folder.FullName, "template-keys.json")));
        using var connection = new Registry.Storage.RegistryDatabase(Path.Combine(_folder.FullName, "registry.db")).Open();
        return AuditLog.Verify(connection, keys.AuditKey, AuditAnchor.Load(Path.Combine(_folder.FullName, "audit-head.json"))).Intact;
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        SqliteConnection.ClearAllPools();
        _folder.Delete(recursive: true);
    }
}
