using EGov.Biometrics.Registry.Subjects;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace EGov.Biometrics.Server.Hosting;

/// <summary>Serving means the registry answers one cheap query and its audit log is trustworthy.</summary>
public sealed class RegistryHealthCheck(SubjectRegistry registry, AuditChainCheck chain) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) => Task.FromResult(Check());

    private HealthCheckResult Check()
    {
        if (registry.AuditTamperDetected)
        {
            return HealthCheckResult.Unhealthy("The anchored audit entry changed under the running server: run 'egov-bio audit verify'.");
        }

        if (registry.AuditAnchorWriteFailure is { } failure)
        {
            return HealthCheckResult.Unhealthy($"The audit anchor cannot be written ({failure}): cut-off entries would go unnoticed.");
        }

        if (chain.Failure is { } broken)
        {
            return HealthCheckResult.Unhealthy($"At start-up, {broken}.");
        }

        try
        {
            using var connection = registry.Database.Open();
            using var ping = connection.CreateCommand();
            ping.CommandText = "SELECT 1";
            return Convert.ToInt64(ping.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture) == 1 ? HealthCheckResult.Healthy() : HealthCheckResult.Unhealthy("The registry did not answer.");
        }
        catch (System.Data.Common.DbException e)
        {
            // PostgreSQL down or unreachable (SQLite: the file gone): one line naming it, not a stack trace.
            return HealthCheckResult.Unhealthy($"The registry ({registry.Database.Path}) does not answer: {e.Message}");
        }
    }
}
