using System.Collections.Concurrent;
using System.Diagnostics;
using EGov.Biometrics.Contracts.Client;
using Grpc.Health.V1;
using Grpc.Net.Client;

namespace EGov.Biometrics.Benchmarks.Cluster;

/// <summary>
/// One egov-server process (a silo, or the single node it is compared with) over its own data folder, on a
/// loopback port: the published server when there is one, else the one built beside the caller (see
/// <see cref="Load.ServerProcess.Locate"/>). <see cref="Kill"/> is SIGKILL: no shutdown,
/// no flush; <see cref="StartAsync"/> starts it again with the same arguments.
/// </summary>
public sealed class NodeProcess : IDisposable
{
    private readonly string[] _arguments;
    private readonly ConcurrentQueue<string> _log = new();
    private Process? _process;

    public NodeProcess(string name, string dataDirectory, IEnumerable<string> arguments)
    {
        Name = name;
        DataDirectory = dataDirectory;
        Port = Loopback.FreePort();
        Address = $"https://127.0.0.1:{Port}";
        _arguments = ["--data-dir", dataDirectory, "--urls", Address, "--no-console", .. arguments];
    }

    public string Name { get; }

    /// <summary>A single node on its own SQLite registry (the embedded default), the cluster's reference.</summary>
    public static NodeProcess SingleNode(string dataDirectory) =>
        new("single node", dataDirectory, ["--rate-limit", "100000"]); // the per-key limit guards against a runaway desk, not a load test's one key

    public string DataDirectory { get; }

    public int Port { get; }

    public string Address { get; }

    public bool Running => _process is { HasExited: false };

    /// <summary>The last lines the process wrote (standard output and error), for a failure's message.</summary>
    public string LogTail => string.Join(Environment.NewLine, _log.TakeLast(30));

    /// <summary>
    /// Gallery shard grains (each model's shards) this silo activated since its start, less those it deactivated (its log's "Shard … activated" and
    /// "Shard … deactivated" lines): which silo to kill so that shards must move.
    /// </summary>
    public int ShardsHeld =>
        _log.Count(l => l.Contains("Shard ", StringComparison.Ordinal) && l.Contains(" activated:", StringComparison.Ordinal))
        - _log.Count(l => l.Contains("Shard ", StringComparison.Ordinal) && l.Contains(" deactivated:", StringComparison.Ordinal));

    /// <summary>The process id while it runs.</summary>
    public int Id => _process?.Id ?? 0;

    /// <summary>The process's resident memory now, in MiB (Linux /proc).</summary>
    public double ResidentMiB
    {
        get
        {
            var line = File.ReadLines($"/proc/{_process!.Id}/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
            return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture) / 1024.0;
        }
    }

    /// <summary>Starts the process and waits until its health check answers Serving.</summary>
    public async Task StartAsync(TimeSpan timeout)
    {
        var start = new ProcessStartInfo("dotnet", [.. Load.ServerProcess.Locate().Host, .. _arguments])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        _process?.Dispose();
        _log.Clear();
        _process = Process.Start(start)!;
        _process.OutputDataReceived += (_, line) => Keep(line.Data);
        _process.ErrorDataReceived += (_, line) => Keep(line.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        await WaitHealthyAsync(timeout);
    }

    /// <summary>Polls the health check until it answers Serving; a process that exits or stays down past the timeout fails with its log.</summary>
    public async Task WaitHealthyAsync(TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            try
            {
                using var channel = OpenChannel();
                var health = await new Health.HealthClient(channel).CheckAsync(new HealthCheckRequest(), deadline: DateTime.UtcNow.AddSeconds(5));
                if (health.Status == HealthCheckResponse.Types.ServingStatus.Serving)
                {
                    return;
                }
            }
            catch (Exception)
            {
                // Not up yet (no certificate, no listener, not serving); an exit or the deadline ends the wait below.
            }

            if (DateTime.UtcNow >= deadline || !Running)
            {
                throw new InvalidOperationException($"{Name} did not answer its health check {(Running ? $"within {timeout.TotalSeconds:F0} s" : "(it exited)")}; its log:{Environment.NewLine}{LogTail}");
            }

            await Task.Delay(200);
        }
    }

    /// <summary>A new channel (its own HTTP/2 connection) trusting exactly this server's certificate.</summary>
    public GrpcChannel OpenChannel() => ServerChannel.Open(Address, ServerChannel.LoadPem(Path.Combine(DataDirectory, "server.crt")));

    /// <summary>SIGKILL, and waits until the process is gone.</summary>
    public void Kill()
    {
        if (_process is { HasExited: false } process)
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
        }
    }

    public void Dispose()
    {
        Kill();
        _process?.Dispose();
    }

    private void Keep(string? line)
    {
        if (line is null)
        {
            return;
        }

        // A silo logs its start, its shards and its warnings (no line per request): kept whole.
        _log.Enqueue(line);
    }
}
