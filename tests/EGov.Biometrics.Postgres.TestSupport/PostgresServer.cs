using System.Diagnostics;
using Npgsql;

namespace EGov.Biometrics.Postgres.TestSupport;

/// <summary>
/// A throw-away PostgreSQL, started by the project's own scripts/postgres.sh (which installs it when missing and runs
/// it as a non-root user, so this works as root in CI) in a temporary folder on a free loopback port, and stopped and
/// removed on dispose or when the process ends, however it ends. The tests share one (<see cref="Instance"/>, a
/// database per test); a test that restarts it, and <c>egov-bench cluster</c>, take one of their own (<see cref="StartNew"/>).
/// </summary>
public sealed class PostgresServer : IDisposable
{
    private static readonly Lazy<PostgresServer> Shared = new(() => new PostgresServer());

    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("egov-pg-test-");
    private readonly string _script;
    private readonly string _directory;
    private int _databases;

    private PostgresServer()
    {
        _script = Path.Combine(RepositoryRoot(), "scripts", "postgres.sh");
        _directory = Path.Combine(_folder.FullName, "pg");
        Port = LoopbackPorts.Next();
        RemoveAfterExit();
        var lines = Start().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        ConnectionString = lines[^1].Trim();
        Password = File.ReadAllText(PasswordFile).Trim();
    }

    /// <summary>The run's shared server (each test in a database of its own).</summary>
    public static PostgresServer Instance => Shared.Value;

    /// <summary>A server of its own, for a test that stops and starts it (the shared one serves tests running meanwhile).</summary>
    public static PostgresServer StartNew() => new();

    public int Port { get; }

    /// <summary>The server's connection string without a password (as scripts/postgres.sh prints it).</summary>
    public string ConnectionString { get; }

    public string Password { get; }

    /// <summary>The cluster's data folder (as root, a link to a folder under /var/tmp that the user postgres can enter).</summary>
    public string DataDirectory => _directory;

    /// <summary>The file with the generated password (mode 600), for a server started with <c>--postgres-password-file</c>.</summary>
    public string PasswordFile => _directory + ".password";

    /// <summary>Creates an empty database and returns its connection string (without the password).</summary>
    public string CreateDatabase()
    {
        var name = $"egov_test_{Interlocked.Increment(ref _databases)}";
        Admin($"CREATE DATABASE {name}");
        return new NpgsqlConnectionStringBuilder(ConnectionString) { Database = name }.ConnectionString;
    }

    /// <summary>Drops the database, ending whatever connections it still has.</summary>
    public void DropDatabase(string connectionString) =>
        Admin($"DROP DATABASE IF EXISTS {new NpgsqlConnectionStringBuilder(connectionString).Database} WITH (FORCE)");

    /// <summary>A connection string with the password, for the tests' own direct SQL (not pooled: a restart breaks pooled ones).</summary>
    public string WithPassword(string connectionString) => new NpgsqlConnectionStringBuilder(connectionString) { Password = Password, Pooling = false }.ConnectionString;

    /// <summary>Stops the server (fast shutdown: connections are cut); <see cref="Start"/> starts it again.</summary>
    public void Stop() => Script("stop", _directory);

    /// <summary>Starts the server (again, over its data) on its port; returns what the script printed, the connection string last.</summary>
    public string Start() => Script("start", _directory, Port.ToString(System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>Stops the server (fast shutdown: connections are cut) and starts it again on the same port.</summary>
    public void Restart()
    {
        Stop();
        Start();
    }

    /// <summary>Stops the server and removes its files now (otherwise that happens when the test run ends).</summary>
    public void Dispose()
    {
        Script("stop", _directory);
        if (new FileInfo(_directory).LinkTarget is { } target)
        {
            Directory.Delete(target, recursive: true);
        }

        _folder.Delete(recursive: true);
    }

    private void Admin(string sql)
    {
        using var connection = new NpgsqlConnection(WithPassword(ConnectionString));
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    // A process of its own waits for the test run's end, however it ends (the test host may be killed, and the server
    // with it), then stops the server and removes its files: as root the cluster lives under /var/tmp (the user
    // `postgres` cannot enter a temporary folder), reached through the link.
    private void RemoveAfterExit()
    {
        var cleanup = $"""
            exec </dev/null >/dev/null 2>&1
            while kill -0 {Environment.ProcessId} 2>/dev/null; do sleep 1; done
            bash '{_script}' stop '{_directory}' || true
            target="$(readlink -f '{_directory}')"
            rm -rf "$target" '{_directory}.password' '{_folder.FullName}'
            """;
        var start = new ProcessStartInfo("setsid");
        start.ArgumentList.Add("bash");
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(cleanup);
        Process.Start(start)!.Dispose();
    }

    private string Script(params string[] arguments)
    {
        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(_script);
        arguments.ToList().ForEach(start.ArgumentList.Add);
        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return process.ExitCode == 0
            ? output
            : throw new InvalidOperationException($"scripts/postgres.sh {string.Join(' ', arguments)} failed ({process.ExitCode}): {error.Result}");
    }

    private static string RepositoryRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "scripts", "postgres.sh")))
            {
                return folder.FullName;
            }
        }

        throw new InvalidOperationException($"scripts/postgres.sh not found above {AppContext.BaseDirectory}.");
    }
}
