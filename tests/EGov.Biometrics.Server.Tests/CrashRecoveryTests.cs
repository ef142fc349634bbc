using System.Collections.Concurrent;
using System.Diagnostics;
using EGov.Biometrics.Contracts.V1;
using EGov.Biometrics.Registry.Access;
using EGov.Biometrics.Service.Access;
using EGov.Biometrics.Registry.Audit;
using EGov.Biometrics.Registry.Storage;
using Grpc.Core;
using Grpc.Net.Client;
using Microsoft.Data.Sqlite;

namespace EGov.Biometrics.Server.Tests;

/// <summary>
/// egov-server as a separate process, killed with SIGKILL in the middle of 500 concurrent enrolments and
/// started again: every acknowledged enrolment must be there and verify, nothing half-written, the audit intact.
/// </summary>
public sealed class CrashRecoveryTests : IDisposable
{
    private const string Model = "faceplugin-arcface-r512";
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("egov-crash-");

    [Fact(Timeout = 300_000)]
    public async Task Kill_9_during_500_concurrent_enrolments_loses_no_acknowledged_one()
    {
        var port = LoopbackPorts.Next();
        var first = StartServer(port);
        var acknowledged = new ConcurrentDictionary<string, float[]>();
        var acknowledgements = 0;
        try
        {
            using var channel = await Connect(port);
            var admin = File.ReadAllText(Path.Combine(_folder.FullName, "bootstrap-admin.key")).Trim();
            // Template enrolment (a migration) is an administrator's; a second admin key stands in for the loader.
            var enroller = (await new Administration.AdministrationClient(channel).CreateApiKeyAsync(
                new CreateApiKeyRequest { Role = Roles.Admin }, Headers(admin))).ApiKey;
            var client = new Enrollment.EnrollmentClient(channel);

            using var throttle = new SemaphoreSlim(32);
            var enrolments = Enumerable.Range(0, 500).Select(async i =>
            {
                await throttle.WaitAsync();
                try
                {
                    var pinfl = $"8{i:D13}";
                    var vector = TestVectors.Unit(i);
                    await client.EnrollAsync(new EnrollRequest { Pinfl = pinfl, Probes = { new Probe { Template = new Template { ModelId = Model, Vector = { vector } } } } }, Headers(enroller));
                    acknowledged[pinfl] = vector;
                    if (Interlocked.Increment(ref acknowledgements) == 150) // once, however the replies race
                    {
                        first.Kill(entireProcessTree: true); // SIGKILL: no shutdown, no flush
                    }
                }
                catch (RpcException)
                {
                    // Calls in flight when the process died: not acknowledged, so nothing is promised.
                }
                finally
                {
                    throttle.Release();
                }
            }).ToArray();
            await Task.WhenAll(enrolments);
        }
        finally
        {
            first.Kill(entireProcessTree: true);
            await first.WaitForExitAsync();
        }

        Assert.InRange(acknowledged.Count, 150, 499);

        var second = StartServer(port);
        try
        {
            using var channel = await Connect(port);
            var admin = File.ReadAllText(Path.Combine(_folder.FullName, "bootstrap-admin.key")).Trim();
            var supervisor = (await new Administration.AdministrationClient(channel).CreateApiKeyAsync(new CreateApiKeyRequest { Role = Roles.Supervisor }, Headers(admin))).ApiKey;
            var verification = new Verification.VerificationClient(channel);
            foreach (var (pinfl, vector) in acknowledged)
            {
                var result = await verification.VerifyAsync(new VerifyRequest { Pinfl = pinfl, Probe = new Probe { Template = new Template { ModelId = Model, Vector = { vector } } } }, Headers(supervisor));
                Assert.True(result.Match, $"acknowledged enrolment {pinfl} did not survive");
            }
        }
        finally
        {
            second.Kill(entireProcessTree: true);
            await second.WaitForExitAsync();
        }

        // Nothing half-written: every subject on disk has its one template, and the audit chain is whole.
        var database = new RegistryDatabase(Path.Combine(_folder.FullName, "registry.db"));
        using var connection = database.Open();
        using var orphans = connection.CreateCommand();
        orphans.CommandText = "SELECT COUNT(*) FROM subjects s WHERE (SELECT COUNT(*) FROM templates t WHERE t.pinfl = s.pinfl) <> 1";
        Assert.Equal(0L, (long)orphans.ExecuteScalar()!);
        var keys = Registry.Crypto.KeyRing.Parse(File.ReadAllText(Path.Combine(_folder.FullName, "template-keys.json")));
        var anchor = AuditAnchor.Load(Path.Combine(_folder.FullName, "audit-head.json"));
        Assert.NotNull(anchor);
        Assert.True(AuditLog.Verify(connection, keys.AuditKey, anchor).Intact);
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _folder.Delete(recursive: true);
    }

    private Process StartServer(int port)
    {
        var server = Path.Combine(AppContext.BaseDirectory, "egov-server.dll");
        var start = new ProcessStartInfo("dotnet", [server, "--data-dir", _folder.FullName, "--urls", $"https://127.0.0.1:{port}"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    // Waits until the server answers its health check (it generates its certificate on first start).
    private async Task<GrpcChannel> Connect(int port)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            try
            {
                var channel = Contracts.Client.ServerChannel.Open($"https://127.0.0.1:{port}", Contracts.Client.ServerChannel.LoadPem(Path.Combine(_folder.FullName, "server.crt")));
                await new global::Grpc.Health.V1.Health.HealthClient(channel).CheckAsync(new global::Grpc.Health.V1.HealthCheckRequest());
                return channel;
            }
            catch (Exception) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(250);
            }
        }
    }

    private static Metadata Headers(string key) => new() { { "x-api-key", key }, { "x-desk-id", "crash-test" } };
}
