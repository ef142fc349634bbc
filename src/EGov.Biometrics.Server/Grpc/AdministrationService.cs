using EGov.Biometrics.Contracts.V1;
using EGov.Biometrics.Registry.Access;
using EGov.Biometrics.Registry.Subjects;
using EGov.Biometrics.Service;
using EGov.Biometrics.Vision.Embedding;
using global::Grpc.Core;

namespace EGov.Biometrics.Server.Grpc;

/// <summary>API keys and statistics; admin only (see <see cref="RolePolicy"/>). Key changes are audited.</summary>
internal sealed class AdministrationService(
    ApiKeyStore keys, SubjectRegistry registry, TemplateIndex index, IReadOnlyDictionary<string, FmrCalibration> calibrations) : Administration.AdministrationBase
{
    public override Task<CreateApiKeyResponse> CreateApiKey(CreateApiKeyRequest request, ServerCallContext context)
    {
        var key = keys.Create(request.Role);
        var keyId = key.Split('_')[1];
        var caller = CallerInterceptor.CallerOf(context);
        registry.Record(new Registry.Audit.AuditEntry(caller.Id, caller.Role, caller.Desk, "create-api-key", $"key:{keyId}", request.Role));
        return Task.FromResult(new CreateApiKeyResponse { ApiKey = key, KeyId = keyId });
    }

    public override Task<RevokeApiKeyResponse> RevokeApiKey(RevokeApiKeyRequest request, ServerCallContext context)
    {
        var revoked = keys.Revoke(request.KeyId);
        var caller = CallerInterceptor.CallerOf(context);
        registry.Record(new Registry.Audit.AuditEntry(caller.Id, caller.Role, caller.Desk, "revoke-api-key", $"key:{request.KeyId}", revoked ? "revoked" : "not-found"));
        return Task.FromResult(new RevokeApiKeyResponse { Revoked = revoked });
    }

    public override Task<Statistics> GetStatistics(GetStatisticsRequest request, ServerCallContext context)
    {
        var statistics = new Statistics
        {
            Subjects = index.Galleries.Values.Sum(g => (long)g.SubjectCount),
            Templates = registry.CountTemplates(),
            AuditEntries = registry.AuditEntries(),
            IndexBytes = index.Galleries.Values.Sum(g => g.MemoryBytes),
        };
        statistics.Models.AddRange(index.Galleries.Select(g => new ModelInfo
        {
            ModelId = g.Key,
            Dimension = g.Value.Dimension,
            Templates = g.Value.Count,
            DefaultFmr = calibrations[g.Key].Default.Fmr,
            DefaultThreshold = calibrations[g.Key].Default.Threshold,
        }));
        return Task.FromResult(statistics);
    }
}
