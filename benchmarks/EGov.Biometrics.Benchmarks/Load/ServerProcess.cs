using System.Diagnostics;
using EGov.Biometrics.Contracts.Client;
using Grpc.Health.V1;
using Grpc.Net.Client;

namespace EGov.Biometrics.Benchmarks.Load;

/// <summary>egov-server as a child process on a loopback port, so the load client and the server do not share a runtime.</summary>
internal sealed class ServerProcess : IAsyncDisposable
{
    private readonly Process _process;

    private ServerProcess(Process process, string address)
    {
        _process = process;
        Address = address;
    }

    public string Address { get; }

    /// <summary>The server's process id (its /proc/PID/stat holds the CPU it used).</summary>
    public int Id => _process.Id;

    /// <summary>CPU time the server process has used so far (all its threads).</summary>
    public TimeSpan CpuTime
    {
        get
        {
            _process.Refresh();
            return _process.TotalProcessorTime;
        }
    }

    /// <summary>Starts egov-server on a free loopback port over TLS; <paramref name="environment"/> is added to the server's own (runtime switches such as DOTNET_EnableAVX512).</summary>
    public static async Task<ServerProcess> StartAsync(string dataDirectory, int requestsPerSecondPerKey, TimeSpan timeout, IReadOnlyDictionary<string, string>? environment = null)
    {
        var (_, host) = Locate();
        var port = Loopback.FreePort();
        var start = new ProcessStartInfo("dotnet", [.. host, "--data-dir", dataDirectory, "--urls", $"https://127.0.0.1:{port}", "--rate-limit", requestsPerSecondPerKey.ToString(System.Globalization.CultureInfo.InvariantCulture)])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("egov-server did not start.");
        var errors = new System.Collections.Concurrent.ConcurrentQueue<string>();
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, e) => { if (e.Data is { } line) { errors.Enqueue(line); } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        var server = new ServerProcess(process, $"https://127.0.0.1:{port}");
        var deadline = DateTime.UtcNow + timeout;
        using var channel = server.OpenChannel(dataDirectory);
        while (true)
        {
            try
            {
                await new Health.HealthClient(channel).CheckAsync(new HealthCheckRequest(), deadline: DateTime.UtcNow.AddSeconds(5));
                return server;
            }
            catch (Exception) when (DateTime.UtcNow < deadline && !process.HasExited)
            {
                await Task.Delay(200);
            }
            catch (Exception e)
            {
                await server.DisposeAsync();
                // The first lines name the failure; a stack trace's last lines only name the entry point.
                throw new InvalidOperationException($"egov-server did not come up: {string.Join(" | ", errors.Take(5))}", e);
            }
        }
    }

    /// <summary>
    /// The egov-server to run and how: the published one beside egov-bench's folder (build.sh publishes each program to
    /// artifacts/publish/NAME: the server as it ships, its wwwroot included), else the one in egov-bench's own folder.
    /// </summary>
    public static (string Dll, string[] Host) Locate()
    {
        var published = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "..", "egov-server", "egov-server.dll"));
        if (File.Exists(published))
        {
            return (published, [published]);
        }

        var dll = Path.Combine(AppContext.BaseDirectory, "egov-server.dll");
        if (!File.Exists(dll))
        {
            throw new FileNotFoundException($"egov-server.dll is not beside the benchmark ({AppContext.BaseDirectory}); build the solution first.", dll);
        }

        // A publish of egov-bench carries no egov-server.deps.json (a build does); without one the runtime finds no
        // native library (SQLite's) under runtimes/. egov-bench's own deps file lists everything the server needs.
        return File.Exists(Path.Combine(AppContext.BaseDirectory, "egov-server.deps.json"))
            ? (dll, [dll])
            : (dll, ["exec", "--depsfile", Path.Combine(AppContext.BaseDirectory, "egov-bench.deps.json"), "--runtimeconfig", Path.Combine(AppContext.BaseDirectory, "egov-server.runtimeconfig.json"), dll]);
    }

    public GrpcChannel OpenChannel(string dataDirectory) => ServerChannel.Open(Address, ServerChannel.LoadPem(Path.Combine(dataDirectory, "server.crt")));

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }
}
