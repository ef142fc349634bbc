using System.Globalization;
using EGov.Biometrics.Postgres.TestSupport;
using EGov.Biometrics.Server.Hosting;

namespace EGov.Biometrics.Server.Tests;

/// <summary>
/// egov-server with <c>--postgres</c>, refused at start with one line that names the problem (exit 2, no stack trace):
/// a password inside the connection string (it belongs in a file or the environment; the line does not repeat it),
/// a server that cannot be reached, a wrong password, a password file that cannot be read. Nothing is made in the data folder that a
/// later start would take for a started node.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")] // password files are checked by their Unix mode
public sealed class PostgresStartupTests : IDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(120);
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("egov-pg-start-");

    [Fact(Timeout = 180_000)]
    public async Task A_password_inside_the_connection_string_is_refused_without_repeating_it()
    {
        var line = await RefusedAsync("--postgres", "Host=127.0.0.1;Port=5432;Username=egov;Database=egov;Password=hunter2-secret");

        Assert.Contains("must not hold a password", line, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2-secret", line, StringComparison.Ordinal);
    }

    [Fact(Timeout = 180_000)]
    public async Task A_server_that_cannot_be_reached_is_named_in_one_line()
    {
        var port = LoopbackPorts.Next().ToString(CultureInfo.InvariantCulture);
        var password = Path.Combine(_folder.FullName, "pg.password");
        await WritePrivateAsync(password, "not-used\n");

        var line = await RefusedAsync("--postgres", $"Host=127.0.0.1;Port={port};Username=egov;Database=egov", "--postgres-password-file", password);

        Assert.Contains($"127.0.0.1:{port}", line, StringComparison.Ordinal);
        Assert.Contains("cannot be opened", line, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(_folder.FullName, "data", DataDirectory.AuditAnchorFile)));
        Assert.False(File.Exists(Path.Combine(_folder.FullName, "data", DataDirectory.CertificateFile)));
    }

    [Fact(Timeout = 180_000)]
    public async Task A_wrong_password_is_named_in_one_line()
    {
        var password = Path.Combine(_folder.FullName, "pg.password");
        await WritePrivateAsync(password, "not-the-password\n");

        var line = await RefusedAsync("--postgres", PostgresServer.Instance.ConnectionString, "--postgres-password-file", password);

        Assert.Contains("password authentication failed", line, StringComparison.Ordinal);
        Assert.DoesNotContain("not-the-password", line, StringComparison.Ordinal);
    }

    [Fact(Timeout = 180_000)]
    public async Task A_password_file_that_cannot_be_read_is_named_in_one_line()
    {
        var missing = Path.Combine(_folder.FullName, "no-such.password");

        var line = await RefusedAsync("--postgres", "Host=127.0.0.1;Port=5432;Username=egov;Database=egov", "--postgres-password-file", missing);

        Assert.Contains(missing, line, StringComparison.Ordinal);
    }

    [Fact(Timeout = 180_000)]
    public async Task A_password_file_every_user_can_read_is_refused_in_one_line_naming_it_before_anything_is_made()
    {
        var password = Path.Combine(_folder.FullName, "pg.password");
        await WritePrivateAsync(password, PostgresServer.Instance.Password + "\n");
        File.SetUnixFileMode(password, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);

        var line = await RefusedAsync("--postgres", PostgresServer.Instance.ConnectionString, "--postgres-password-file", password);

        Assert.Contains(password, line, StringComparison.Ordinal);
        Assert.Contains("chmod 600", line, StringComparison.Ordinal);
        Assert.DoesNotContain(PostgresServer.Instance.Password, line, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(_folder.FullName, "data", DataDirectory.CertificateFile)));
    }

    public void Dispose() => _folder.Delete(recursive: true);

    // As scripts/postgres.sh writes it (umask 077): the server refuses a password file others can read.
    private static async Task WritePrivateAsync(string path, string text)
    {
        await File.WriteAllTextAsync(path, text);
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
    }

    private async Task<string> RefusedAsync(params string[] options)
    {
        using var server = EgovServerProcess.Start(Path.Combine(_folder.FullName, "data"), LoopbackPorts.Next(), options);
        Assert.Equal(2, await server.ExitCodeAsync(StartTimeout));
        var line = Assert.Single(server.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        Assert.StartsWith("egov-server: ", line, StringComparison.Ordinal);
        return line;
    }
}
