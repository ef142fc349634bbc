using System.Diagnostics;

namespace EGov.Biometrics.Benchmarks.Cluster;

/// <summary>
/// A PostgreSQL of the test's own, started by <c>scripts/postgres.sh</c> (installed when missing, run as
/// <c>postgres</c> when the tests run as root) in a temporary folder on a free loopback port. Stopped and
/// deleted on dispose, whatever the test did; <see cref="StopAsync"/> and <see cref="StartAsync"/> restart
/// it under load (the same folder and port).
/// </summary>
public sealed class ThrowAwayPostgres : IAsyncDisposable
{
    private readonly string _folder;
    private readonly string _dataDir;

    private ThrowAwayPostgres(string folder, int port)
    {
        _folder = folder;
        _dataDir = Path.Combine(folder, "pg");
        Port = port;
    }

    public int Port { get; }

    /// <summary>The connection string the script prints: no password in it.</summary>
    public string ConnectionString { get; private set; } = string.Empty;

    /// <summary>The file with the generated password (mode 600).</summary>
    public string PasswordFile => _dataDir + ".password";

    public static async Task<ThrowAwayPostgres> StartNewAsync(string folder)
    {
        var postgres = new ThrowAwayPostgres(folder, Loopback.FreePort());
        try
        {
            await postgres.StartAsync();
        }
        catch
        {
            await postgres.DisposeAsync();
            throw;
        }

        return postgres;
    }

    public async Task StartAsync() =>
        ConnectionString = (await RunScriptAsync("start", _dataDir, Port.ToString(System.Globalization.CultureInfo.InvariantCulture))).Trim();

    /// <summary>A fast shutdown (open connections are cut).</summary>
    public Task StopAsync() => RunScriptAsync("stop", _dataDir);

    public async ValueTask DisposeAsync()
    {
        try
        {
            await StopAsync();
        }
        finally
        {
            // As root the cluster's files live under /var/tmp behind a link (postgres cannot enter a 700 temp folder).
            if (new FileInfo(_dataDir).LinkTarget is { } target && Directory.Exists(target))
            {
                Directory.Delete(target, recursive: true);
            }

            if (Directory.Exists(_folder))
            {
                Directory.Delete(_folder, recursive: true);
            }
        }
    }

    private static async Task<string> RunScriptAsync(params string[] arguments)
    {
        var start = new ProcessStartInfo("bash", [RepositoryScripts.Postgres, .. arguments])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        await process.WaitForExitAsync(timeout.Token);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"scripts/postgres.sh {string.Join(' ', arguments)} exited {process.ExitCode}: {await error}");
        }

        return await output;
    }
}
