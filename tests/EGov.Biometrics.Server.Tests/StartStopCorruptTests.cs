using EGov.Biometrics.Registry.Audit;
using EGov.Biometrics.Registry.Subjects;
using EGov.Biometrics.Server.Hosting;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace EGov.Biometrics.Server.Tests;

/// <summary>
/// Start, stop, corrupt (issue 12, finding 4), with the real egov-server process: a server killed right after
/// its first start starts again; every refused start is one line naming the file and the problem, exit 2, and
/// no secret is made anew over a missing file in a folder that is not new.
/// </summary>
public sealed class StartStopCorruptTests : IDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(120);
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("egov-start-stop-");

    private string PathOf(string file) => Path.Combine(_folder.FullName, file);

    [Theory(Timeout = 300_000)]
    [InlineData("KILL")]
    [InlineData("TERM")]
    public async Task A_server_killed_right_after_its_first_start_starts_again(string signal)
    {
        var port = LoopbackPorts.Next();
        using (var first = EgovServerProcess.Start(_folder.FullName, port))
        {
            // The anchor is the last file a first start writes: stop the server the moment it appears.
            while (!File.Exists(PathOf(DataDirectory.AuditAnchorFile)) && !first.HasExited)
            {
                await Task.Delay(5);
            }

            await first.SignalAsync(signal);
        }

        // Replaced whole (written aside, flushed, renamed), never left empty: it names the empty log.
        Assert.Equal(0, AuditAnchor.Load(PathOf(DataDirectory.AuditAnchorFile))?.Seq);
        Assert.Empty(Directory.GetFiles(_folder.FullName, "*.new"));

        using var second = EgovServerProcess.Start(_folder.FullName, port);
        using var channel = await second.ConnectAsync(_folder.FullName, port, StartTimeout);
        Assert.False(second.HasExited, second.Error);
    }

    [Theory(Timeout = 300_000)]
    [InlineData(300)]
    [InlineData(1500)]
    public async Task A_server_killed_at_any_moment_of_its_first_start_starts_again(int afterMs)
    {
        var port = LoopbackPorts.Next();
        using (var first = EgovServerProcess.Start(_folder.FullName, port))
        {
            await Task.Delay(afterMs);
            await first.SignalAsync("KILL");
        }

        using var second = EgovServerProcess.Start(_folder.FullName, port);
        using var channel = await second.ConnectAsync(_folder.FullName, port, StartTimeout);
        Assert.True(File.Exists(PathOf(DataDirectory.BootstrapKeyFile)), "the first start's admin key is there");
    }

    [Fact(Timeout = 300_000)]
    public async Task A_restart_loads_the_gallery_snapshot_and_a_corrupt_one_costs_one_warning_and_a_rebuild_not_the_start()
    {
        var port = LoopbackPorts.Next();
        string snapshot;
        using (var first = EgovServerProcess.Start(_folder.FullName, port))
        {
            using var channel = await first.ConnectAsync(_folder.FullName, port, StartTimeout);
            snapshot = await WaitForAsync(() => Directory.GetFiles(_folder.FullName, "gallery-*.snapshot").Order().FirstOrDefault());
            await first.SignalAsync("TERM");
            Assert.Contains("decrypted from the registry", first.Output, StringComparison.Ordinal);
        }

        using (var second = EgovServerProcess.Start(_folder.FullName, port))
        {
            using var channel = await second.ConnectAsync(_folder.FullName, port, StartTimeout);
            await WaitForAsync(() => second.Output.Contains("from the snapshot", StringComparison.Ordinal) ? "loaded" : null);
            await second.SignalAsync("TERM");
        }

        var bytes = await File.ReadAllBytesAsync(snapshot);
        bytes[^1] ^= 1; // the last sealed chunk
        await File.WriteAllBytesAsync(snapshot, bytes);
        using var third = EgovServerProcess.Start(_folder.FullName, port);
        using var answering = await third.ConnectAsync(_folder.FullName, port, StartTimeout);
        var warning = await WaitForAsync(() => third.Output.Split('\n').SingleOrDefault(l => l.Contains("not used", StringComparison.Ordinal)));

        Assert.Contains("integrity", warning, StringComparison.Ordinal);
        Assert.Contains(snapshot, warning, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", third.Output + third.Error, StringComparison.Ordinal); // no stack trace
        Assert.False(third.HasExited, third.Error);
    }

    private static async Task<string> WaitForAsync(Func<string?> found)
    {
        for (var waited = 0; waited < 60_000; waited += 50)
        {
            if (found() is { } value)
            {
                return value;
            }

            await Task.Delay(50);
        }

        throw new TimeoutException("Waited a minute for the server to get there.");
    }

    [Theory(Timeout = 300_000)]
    [InlineData(DataDirectory.AuditAnchorFile, null, "missing or empty")]
    [InlineData(DataDirectory.AuditAnchorFile, "", "missing or empty")]
    [InlineData(DataDirectory.AuditAnchorFile, "{\"seq\":", "is not an anchor")]
    [InlineData(DataDirectory.KeyFile, null, "is missing")]
    [InlineData(DataDirectory.KeyFile, "{\"active\":\"k1\",", "not valid JSON")]
    [InlineData(DataDirectory.CertificateFile, null, "is missing")]
    [InlineData(DataDirectory.CertificateFile, "not a PKCS #12 file", "cannot be read")]
    [InlineData(DataDirectory.DatabaseFile, "this is not a database, only text long enough to cover a header", "cannot be opened")]
    public async Task A_missing_or_corrupt_file_is_one_line_naming_it_and_exit_2(string file, string? content, string reason)
    {
        await PrepareFolderWithAuditEntriesAsync();
        if (file == DataDirectory.DatabaseFile)
        {
            // Its write-ahead log goes with it: a different file is in its place.
            Array.ForEach(Directory.GetFiles(_folder.FullName, "registry.db-*"), File.Delete);
        }

        File.Delete(PathOf(file));
        if (content is not null)
        {
            await File.WriteAllTextAsync(PathOf(file), content);
        }

        using var server = EgovServerProcess.Start(_folder.FullName, LoopbackPorts.Next());
        var exit = await server.ExitCodeAsync(StartTimeout);

        Assert.Equal(2, exit);
        var line = Assert.Single(server.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        Assert.StartsWith("egov-server: ", line, StringComparison.Ordinal);
        Assert.Contains(PathOf(file), line, StringComparison.Ordinal);
        Assert.Contains(reason, line, StringComparison.Ordinal);
        Assert.Equal(content is not null, File.Exists(PathOf(file))); // nothing made anew over a missing file
    }

    [Fact(Timeout = 300_000)]
    public async Task A_key_ring_kept_outside_the_data_folder_is_used_and_never_made_anew_there()
    {
        var elsewhere = Directory.CreateTempSubdirectory("egov-key-ring-");
        try
        {
            var ring = Path.Combine(elsewhere.FullName, "ring.json");
            await PrepareFolderWithAuditEntriesAsync(ring);
            Assert.True(File.Exists(ring));
            Assert.False(File.Exists(PathOf(DataDirectory.KeyFile)));

            var port = LoopbackPorts.Next();
            using (var server = EgovServerProcess.Start(_folder.FullName, port, "--key-ring", ring))
            {
                using var channel = await server.ConnectAsync(_folder.FullName, port, StartTimeout);
            }

            using var withoutRing = EgovServerProcess.Start(_folder.FullName, LoopbackPorts.Next());
            Assert.Equal(2, await withoutRing.ExitCodeAsync(StartTimeout));
            Assert.Contains($"{PathOf(DataDirectory.KeyFile)} is missing", withoutRing.Error, StringComparison.Ordinal);
            Assert.False(File.Exists(PathOf(DataDirectory.KeyFile)));
        }
        finally
        {
            elsewhere.Delete(recursive: true);
        }
    }

    [Fact(Timeout = 300_000)]
    public async Task A_folder_rolled_back_with_its_anchor_is_refused_by_the_audit_witness()
    {
        var elsewhere = Directory.CreateTempSubdirectory("egov-witness-");
        try
        {
            var witness = Path.Combine(elsewhere.FullName, "audit-witness.json");
            await PrepareFolderWithAuditEntriesAsync(witness: witness);
            Assert.Equal(2, AuditAnchor.Load(witness)?.Seq);

            // Whoever owns the data folder hides the last decision: cuts it and rewrites the anchor to match.
            using (var connection = new SqliteConnection($"Data Source={PathOf(DataDirectory.DatabaseFile)};Pooling=False"))
            {
                connection.Open();
                using var cut = connection.CreateCommand();
                cut.CommandText = "DELETE FROM audit WHERE seq = 2; SELECT hash FROM audit WHERE seq = 1";
                var hash = (byte[])cut.ExecuteScalar()!;
                await File.WriteAllTextAsync(PathOf(DataDirectory.AuditAnchorFile), $"{{\"seq\":1,\"hash\":\"{Convert.ToHexStringLower(hash)}\"}}");
            }

            using var server = EgovServerProcess.Start(_folder.FullName, LoopbackPorts.Next(), "--audit-witness", witness);
            Assert.Equal(2, await server.ExitCodeAsync(StartTimeout));
            Assert.Contains($"no longer holds entry 2 as anchored in {witness}", server.Error, StringComparison.Ordinal);
        }
        finally
        {
            elsewhere.Delete(recursive: true);
        }
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _folder.Delete(recursive: true);
    }

    // A folder as a server that ran a while leaves it: its files, and audited decisions in the log.
    private async Task PrepareFolderWithAuditEntriesAsync(string? keyRing = null, string? witness = null)
    {
        var app = ServerHost.Build(new ServerOptions(_folder.FullName, "https://127.0.0.1:0", Console: false, KeyRingPath: keyRing, AuditWitnessPath: witness));
        await app.StartAsync();
        var registry = app.Services.GetRequiredService<SubjectRegistry>();
        await registry.RecordAsync(new AuditEntry("test", "supervisor", "desk-1", "verify", "31234567890123", "match"));
        await registry.RecordAsync(new AuditEntry("test", "supervisor", "desk-1", "verify", "31234567890123", "no-match"));
        await app.StopAsync();
        await app.DisposeAsync();
        SqliteConnection.ClearAllPools();
    }
}
