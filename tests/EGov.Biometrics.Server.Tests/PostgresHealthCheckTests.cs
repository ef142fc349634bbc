using System.Globalization;
using EGov.Biometrics.Postgres.TestSupport;
using EGov.Biometrics.Registry.Crypto;
using EGov.Biometrics.Registry.Storage;
using EGov.Biometrics.Registry.Subjects;
using EGov.Biometrics.Server.Hosting;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging.Abstractions;

namespace EGov.Biometrics.Server.Tests;

/// <summary>The registry's health check on PostgreSQL: serving while the server answers, not serving (naming it) once it stops.</summary>
public sealed class PostgresHealthCheckTests
{
    [Fact(Timeout = 120_000)]
    public async Task The_registry_check_answers_on_PostgreSQL_and_names_the_server_once_it_stops()
    {
        // A server of its own: stopping the shared one would fail other tests.
        using var server = PostgresServer.StartNew();
        using var registry = new SubjectRegistry(RegistryDatabase.Postgres(server.CreateDatabase(), server.Password), new TemplateCipher(KeyRing.Generate()));
        var check = new RegistryHealthCheck(registry, new AuditChainCheck(registry, NullLogger<AuditChainCheck>.Instance));
        var serving = await check.CheckHealthAsync(new HealthCheckContext());

        server.Stop();
        var stopped = await check.CheckHealthAsync(new HealthCheckContext());

        Assert.Equal(HealthStatus.Healthy, serving.Status);
        Assert.Equal(HealthStatus.Unhealthy, stopped.Status);
        Assert.Contains("does not answer", stopped.Description, StringComparison.Ordinal);
        Assert.Contains($"127.0.0.1:{server.Port.ToString(CultureInfo.InvariantCulture)}", stopped.Description, StringComparison.Ordinal);
    }
}
