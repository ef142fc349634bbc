using EGov.Biometrics.Server.Hosting;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace EGov.Biometrics.Server.Tests;

/// <summary>
/// Starting over a data folder: a server stopped before its first audited action starts again, and a file
/// corrupted while it was down is refused with an error that names it (egov-server prints that one line and exits 2).
/// </summary>
public sealed class StartupTests : IDisposable
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("egov-startup-");

    [Fact]
    public async Task A_server_stopped_before_any_audited_action_starts_again()
    {
        await StartAndStopAsync();

        await StartAndStopAsync();

        Assert.True(File.Exists(Path.Combine(_folder.FullName, DataDirectory.AuditAnchorFile)));
    }

    [Theory]
    [InlineData(DataDirectory.KeyFile, "", "key ring is empty")]
    [InlineData(DataDirectory.KeyFile, "{\"active\":\"k1\",", "not valid JSON")]
    [InlineData(DataDirectory.KeyFile, "{\"active\":\"k1\",\"keys\":{\"k1\":\"not base64!\"},\"audit\":\"AAAA\"}", "not base64")]
    [InlineData(DataDirectory.AuditAnchorFile, "{\"seq\":", "audit anchor")]
    [InlineData("registry.db", "this is not a database, only text long enough to cover a header", "cannot be opened")]
    public async Task A_file_corrupted_while_the_server_was_down_is_refused_naming_it(string file, string content, string reason)
    {
        await StartAndStopAsync();
        SqliteConnection.ClearAllPools();
        foreach (var stale in Directory.GetFiles(_folder.FullName, "registry.db-*"))
        {
            File.Delete(stale);
        }

        await File.WriteAllTextAsync(Path.Combine(_folder.FullName, file), content);

        var refused = Assert.Throws<InvalidDataException>(() => ServerHost.Build(Options()));
        Assert.Contains(reason, refused.Message, StringComparison.Ordinal);
        Assert.Contains(file == "registry.db" ? "registry.db" : file, refused.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("at = '2020-01-01T00:00:00.0000000+00:00'", "the audit chain breaks at entry 2: entry 2 was altered (or written under another audit key)")]
    [InlineData("at = 'not a time'", "the audit log cannot be read to its end")]
    public async Task An_audit_entry_edited_in_the_middle_of_the_log_while_the_server_was_down_turns_health_to_not_serving(string edit, string failure)
    {
        var app = ServerHost.Build(Options());
        await app.StartAsync();
        var admin = new Service.Access.Caller("test:admin", Service.Access.Roles.Admin, string.Empty);
        foreach (var role in new[] { "operator", "enroller", "supervisor", "auditor" })
        {
            await app.Services.GetRequiredService<Service.Access.Credentials>().CreateApiKeyAsync(role, string.Empty, admin);
        }

        await app.Services.GetRequiredService<AuditChainCheck>().Walked.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Null(app.Services.GetRequiredService<AuditChainCheck>().Failure);
        await app.StopAsync();
        await app.DisposeAsync();
        SqliteConnection.ClearAllPools();
        using (var connection = new SqliteConnection($"Data Source={Path.Combine(_folder.FullName, "registry.db")}"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = $"UPDATE audit SET {edit} WHERE seq = 2";
            Assert.Equal(1, command.ExecuteNonQuery());
        }

        SqliteConnection.ClearAllPools();
        app = ServerHost.Build(Options());
        await app.StartAsync(); // the anchored head is intact: the server starts
        var chain = app.Services.GetRequiredService<AuditChainCheck>();
        await chain.Walked.WaitAsync(TimeSpan.FromSeconds(30));
        var health = await app.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync();
        await app.StopAsync();
        await app.DisposeAsync();

        Assert.StartsWith(failure, chain.Failure, StringComparison.Ordinal);
        Assert.Equal(HealthStatus.Unhealthy, health.Status);
        Assert.Contains(failure, health.Entries["registry"].Description, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _folder.Delete(recursive: true);
    }

    private ServerOptions Options() => new(_folder.FullName, "https://127.0.0.1:0");

    private async Task StartAndStopAsync()
    {
        var app = ServerHost.Build(Options());
        await app.StartAsync();
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
