using EGov.Biometrics.Contracts.V1;
using EGov.Biometrics.Service.Access;
using EGov.Biometrics.Service.Administration;
using EGov.Biometrics.Service.Desks;
using EGov.Biometrics.Service.Keys;
using Grpc.Core;
using Microsoft.AspNetCore.Authorization;

namespace EGov.Biometrics.Server.Api;

/// <summary>Credentials, statistics, key rotation and the console's people: wire to the domain's administration use cases and back.</summary>
internal sealed class AdministrationService(Credentials credentials, StatisticsQuery statistics, KeyRotation rotation, People people, DeskPolicies desks) : Administration.AdministrationBase
{
    [Authorize(Policy = AccessPolicies.ManageDeskPolicies)]
    public override async Task<DeskPolicy> SetDeskPolicy(SetDeskPolicyRequest request, ServerCallContext context)
    {
        var policy = await desks.SetActiveCheckAsync(request.Desk, request.ActiveCheck, context.Caller()).ConfigureAwait(false);
        return new DeskPolicy
        {
            Desk = policy.Desk,
            ActiveCheck = policy.ActiveCheck,
            ChangedAt = policy.ChangedAt.ToString("O", System.Globalization.CultureInfo.InvariantCulture),
            ChangedBy = policy.ChangedBy,
        };
    }

    [Authorize(Policy = AccessPolicies.ManageCredentials)]
    public override async Task<CreateApiKeyResponse> CreateApiKey(CreateApiKeyRequest request, ServerCallContext context)
    {
        var key = await credentials.CreateApiKeyAsync(request.Role, request.Desk, context.Caller()).ConfigureAwait(false);
        return new CreateApiKeyResponse { ApiKey = key.Key, KeyId = key.KeyId };
    }

    [Authorize(Policy = AccessPolicies.ManageCredentials)]
    public override async Task<RevokeApiKeyResponse> RevokeApiKey(RevokeApiKeyRequest request, ServerCallContext context) =>
        new() { Revoked = await credentials.RevokeApiKeyAsync(request.KeyId, context.Caller()).ConfigureAwait(false) };

    [Authorize(Policy = AccessPolicies.ManageCredentials)]
    public override async Task<RegisterClientCertificateResponse> RegisterClientCertificate(RegisterClientCertificateRequest request, ServerCallContext context) =>
        new() { Fingerprint = await credentials.RegisterCertificateAsync(request.Certificate.Memory, request.Role, request.Name, request.Desk, context.Caller()).ConfigureAwait(false) };

    [Authorize(Policy = AccessPolicies.ManageCredentials)]
    public override async Task<RevokeClientCertificateResponse> RevokeClientCertificate(RevokeClientCertificateRequest request, ServerCallContext context) =>
        new() { Revoked = await credentials.RevokeCertificateAsync(request.Fingerprint, context.Caller()).ConfigureAwait(false) };

    [Authorize(Policy = AccessPolicies.ReadStatistics)]
    public override async Task<Statistics> GetStatistics(GetStatisticsRequest request, ServerCallContext context)
    {
        var current = await statistics.CurrentAsync(context.CancellationToken).ConfigureAwait(false);
        var response = new Statistics { Subjects = current.Subjects, Templates = current.Templates, AuditEntries = current.AuditEntries, IndexBytes = current.IndexBytes };
        response.Models.AddRange(current.Models.Select(m => new ModelInfo
        {
            ModelId = m.ModelId,
            Dimension = m.Dimension,
            Templates = m.Templates,
            DefaultFmr = m.DefaultFmr,
            DefaultThreshold = m.DefaultThreshold,
        }));
        return response;
    }

    [Authorize(Policy = AccessPolicies.RotateKeys)]
    public override async Task<RotateKeysResponse> RotateKeys(RotateKeysRequest request, ServerCallContext context)
    {
        // Not tied to the call: a client that hangs up must not leave the registry half re-encrypted.
        var result = await rotation.RotateAsync(context.Caller()).ConfigureAwait(false);
        return new RotateKeysResponse { ActiveKeyId = result.ActiveKeyId, GeneratedKey = result.GeneratedKey, ReencryptedTemplates = result.ReencryptedTemplates };
    }

    [Authorize(Policy = AccessPolicies.ManageUsers)]
    public override async Task<User> CreateUser(CreateUserRequest request, ServerCallContext context) =>
        UserOf(await people.CreateAsync(request.Username, request.Role, request.Desk, request.Language, request.Password, context.Caller()).ConfigureAwait(false));

    [Authorize(Policy = AccessPolicies.ManageUsers)]
    public override Task<ListUsersResponse> ListUsers(ListUsersRequest request, ServerCallContext context)
    {
        var response = new ListUsersResponse();
        response.Users.AddRange(people.List(context.Caller()).Select(UserOf));
        return Task.FromResult(response);
    }

    [Authorize(Policy = AccessPolicies.ManageUsers)]
    public override async Task<DisableUserResponse> DisableUser(DisableUserRequest request, ServerCallContext context)
    {
        await people.DisableAsync(request.Username, context.Caller()).ConfigureAwait(false);
        return new DisableUserResponse();
    }

    [Authorize(Policy = AccessPolicies.ManageUsers)]
    public override async Task<ResetUserPasswordResponse> ResetUserPassword(ResetUserPasswordRequest request, ServerCallContext context)
    {
        await people.ResetPasswordAsync(request.Username, request.Password, context.Caller()).ConfigureAwait(false);
        return new ResetUserPasswordResponse();
    }

    private static User UserOf(Person person) => new()
    {
        Username = person.Username,
        Role = person.Role,
        Desk = person.Desk,
        Language = person.Language,
        Disabled = person.Disabled,
        LockedUntil = person.LockedUntil?.ToUniversalTime().ToString("O", System.Globalization.CultureInfo.InvariantCulture) ?? string.Empty,
    };
}
