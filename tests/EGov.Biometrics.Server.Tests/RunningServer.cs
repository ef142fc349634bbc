using EGov.Biometrics.Registry.Access;
using EGov.Biometrics.Service.Access;
using EGov.Biometrics.Server.Hosting;
using Grpc.Core;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace EGov.Biometrics.Server.Tests;

/// <summary>A real egov-server on a loopback port with TLS, its own data folder, and keys for every role.</summary>
public class RunningServer : IAsyncLifetime
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("egov-server-");
    private WebApplication? _app;

    public GrpcChannel Channel { get; private set; } = null!;

    public DataDirectory Data => _app!.Services.GetRequiredService<DataDirectory>();

    /// <summary>The server's own services, for what a test reads in process (the Situation Center the console shows).</summary>
    public IServiceProvider Services => _app!.Services;

    public Dictionary<string, string> Keys { get; } = [];

    public string AdminKey { get; private set; } = string.Empty;

    public string Address { get; private set; } = string.Empty;

    public string MetricsUrl { get; } = $"http://127.0.0.1:{LoopbackPorts.Next()}";

    /// <summary>The per-key rate limit the server runs with.</summary>
    protected virtual int RequestsPerSecondPerKey => 100;

    /// <summary>Whether the server keeps enrolment images (encrypted).</summary>
    protected virtual bool StoreImages => false;

    /// <summary>How many large requests the server reads at once, in all and per connection.</summary>
    protected virtual int MaxLargeRequests => 16;

    protected virtual int MaxLargeRequestsPerConnection => 4;

    protected virtual int MaxLargeRequestsPerCredential => 4;

    /// <summary>The embedders the server serves (--embedders), the default first; null: the manifest's default alone.</summary>
    protected virtual IReadOnlyList<string>? Embedders => null;

    /// <summary>Whether 1:1 decides on the fused score (--fusion).</summary>
    protected virtual bool Fusion => false;

    /// <summary>A connection of its own, as a separate client has (Kestrel counts HTTP/2 streams per connection).</summary>
    public GrpcChannel OpenChannel() => Contracts.Client.ServerChannel.Open(Address, Data.Certificate);

    public Metadata As(string role, string desk = "desk-1") => new() { { "x-api-key", Keys[role] }, { "x-desk-id", desk } };

    public async Task InitializeAsync()
    {
        _app = ServerHost.Build(new ServerOptions(_folder.FullName, "https://127.0.0.1:0", RequestsPerSecondPerKey: RequestsPerSecondPerKey, MetricsUrl: MetricsUrl, StoreImages: StoreImages,
            MaxLargeRequests: MaxLargeRequests, MaxLargeRequestsPerConnection: MaxLargeRequestsPerConnection, MaxLargeRequestsPerCredential: MaxLargeRequestsPerCredential)
        {
            Embedders = Embedders,
            Fusion = Fusion,
        });
        await _app.StartAsync();
        var address = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        Address = address;

        // Trust exactly the certificate this server generated, as the egov-bio client does with server.crt.
        Channel = Contracts.Client.ServerChannel.Open(address, Data.Certificate);

        AdminKey = File.ReadAllText(Data.PathOf(DataDirectory.BootstrapKeyFile)).Trim();
        var store = new ApiKeyStore(Data.Database);
        foreach (var role in Roles.All)
        {
            Keys[role] = role == Roles.Admin ? AdminKey : store.Create(role);
        }
    }

    public async Task DisposeAsync()
    {
        Channel.Dispose();
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }

        SqliteConnection.ClearAllPools();
        _folder.Delete(recursive: true);
    }
}
