using System.Diagnostics;
using Grpc.Core;
using Grpc.Net.Client;

namespace EGov.Biometrics.Server.Tests;

/// <summary>
/// egov-server in its own process on a fresh data folder, for what must be measured on the server alone
/// (its resident memory, its answer times under load) without the test's own work in the same process.
/// </summary>
public sealed class ServerProcess : IAsyncDisposable
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("egov-process-");
    private readonly Process _process;

    private ServerProcess(int port, IEnumerable<string> arguments)
    {
        Address = $"https://127.0.0.1:{port}";
        // EGOV_TEST_SERVER_DLL runs the same measurement against another build (the code before a fix).
        var server = Environment.GetEnvironmentVariable("EGOV_TEST_SERVER_DLL") ?? Path.Combine(AppContext.BaseDirectory, "egov-server.dll");
        var start = new ProcessStartInfo("dotnet", [server, "--data-dir", _folder.FullName, "--urls", Address, .. arguments])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        _process = Process.Start(start)!;
        _process.OutputDataReceived += (_, _) => { };
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public string Address { get; }

    public string AdminKey => File.ReadAllText(Path.Combine(_folder.FullName, "bootstrap-admin.key")).Trim();

    /// <summary>The server's resident memory now, in MiB (Linux /proc).</summary>
    public double ResidentMiB
    {
        get
        {
            var line = File.ReadLines($"/proc/{_process.Id}/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
            return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture) / 1024.0;
        }
    }

    /// <summary>Starts the server and waits until it answers its health check (the first start makes its certificate).</summary>
    public static async Task<ServerProcess> StartAsync(params string[] arguments)
    {
        var server = new ServerProcess(LoopbackPorts.Next(), arguments);
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (true)
        {
            try
            {
                using var channel = server.OpenChannel();
                await new global::Grpc.Health.V1.Health.HealthClient(channel).CheckAsync(new global::Grpc.Health.V1.HealthCheckRequest());
                return server;
            }
            catch (Exception) when (DateTime.UtcNow < deadline && !server._process.HasExited)
            {
                await Task.Delay(250);
            }
        }
    }

    /// <summary>A new channel (its own HTTP/2 connection) trusting exactly this server's certificate.</summary>
    public GrpcChannel OpenChannel() =>
        Contracts.Client.ServerChannel.Open(Address, Contracts.Client.ServerChannel.LoadPem(Path.Combine(_folder.FullName, "server.crt")));

    public static Metadata Key(string key) => new() { { "x-api-key", key }, { "x-desk-id", "desk-1" } };

    public async ValueTask DisposeAsync()
    {
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
        _process.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _folder.Delete(recursive: true);
    }
}
