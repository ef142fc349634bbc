using EGov.Biometrics.Contracts.V1;
using EGov.Biometrics.Registry.Access;
using EGov.Biometrics.Registry.Subjects;
using EGov.Biometrics.Service;
using EGov.Biometrics.Vision.Embedding;
using global::Grpc.Core;

namespace EGov.Biometrics.Server.Grpc;

/// <summary>API keys and statistics; admin only (see <see cref="RolePolicy"/>). Key changes are audited.</summary>
internal sealed class AdministrationService(
    ApiKeyStore keys, ClientCertificateStore certificates, SubjectRegistry registry, TemplateIndex index, IReadOnlyDictionary<string, FmrCalibration> calibrations) : Administration.AdministrationBase
{
    public override async Task<CreateApiKeyResponse> CreateApiKey(CreateApiKeyRequest request, ServerCallContext context)
    {
        var key = keys.Create(request.Role, request.Desk);
        var keyId = key.Split('_')[1];
        var caller = CallerInterceptor.CallerOf(context);
        await registry.RecordAsync(new Registry.Audit.AuditEntry(caller.Id, caller.Role, caller.Desk, "create-api-key", $"key:{keyId}", request.Role, Details: request.Desk.Length > 0 ? $"bound to desk {request.Desk}" : string.Empty)).ConfigureAwait(false);
        return new CreateApiKeyResponse { ApiKey = key, KeyId = keyId };
    }

    public override async Task<RevokeApiKeyResponse> RevokeApiKey(RevokeApiKeyRequest request, ServerCallContext context)
    {
        var revoked = keys.Revoke(request.KeyId);
        var caller = CallerInterceptor.CallerOf(context);
        await registry.RecordAsync(new Registry.Audit.AuditEntry(caller.Id, caller.Role, caller.Desk, "revoke-api-key", $"key:{request.KeyId}", revoked ? "revoked" : "not-found")).ConfigureAwait(false);
        return new RevokeApiKeyResponse { Revoked = revoked };
    }

    public override async Task<RegisterClientCertificateResponse> RegisterClientCertificate(RegisterClientCertificateRequest request, ServerCallContext context)
    {
        var name = request.Name.Length <= 128 ? request.Name : throw new ArgumentException("A certificate name is at most 128 characters.");
        var fingerprint = certificates.Register(request.Certificate.Span, request.Role, name, request.Desk);
        var caller = CallerInterceptor.CallerOf(context);
        await registry.RecordAsync(new Registry.Audit.AuditEntry(caller.Id, caller.Role, caller.Desk, "register-client-certificate", $"cert:{fingerprint}", request.Role, Details: name)).ConfigureAwait(false);
        return new RegisterClientCertificateResponse { Fingerprint = fingerprint };
    }

    public override async Task<RevokeClientCertificateResponse> RevokeClientCertificate(RevokeClientCertificateRequest request, ServerCallContext context)
    {
        var revoked = certificates.Revoke(request.Fingerprint);
        var caller = CallerInterceptor.CallerOf(context);
        await registry.RecordAsync(new Registry.Audit.AuditEntry(caller.Id, caller.Role, caller.Desk, "revoke-client-certificate", $"cert:{request.Fingerprint}", revoked ? "revoked" : "not-found")).ConfigureAwait(false);
        return new RevokeClientCertificateResponse { Revoked = revoked };
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
