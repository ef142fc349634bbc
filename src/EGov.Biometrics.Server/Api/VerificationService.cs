using EGov.Biometrics.Contracts.V1;
using EGov.Biometrics.Server.Observability;
using EGov.Biometrics.Service.Access;
using EGov.Biometrics.Service.Decisions;
using Grpc.Core;
using Microsoft.AspNetCore.Authorization;

namespace EGov.Biometrics.Server.Api;

/// <summary>1:1 verification and 1:N identification: wire to <see cref="BiometricService"/> and back.</summary>
internal sealed class VerificationService(BiometricService service, ServiceMetrics metrics) : Verification.VerificationBase
{
    [Authorize(Policy = AccessPolicies.Verify)]
    public override async Task<VerifyResponse> Verify(VerifyRequest request, ServerCallContext context)
    {
        var result = await service.VerifyAsync(request.Pinfl, Wire.ToDomain(request.Probe), context.Caller(), Wire.Fmr(request.Fmr)).ConfigureAwait(false);
        metrics.Decisions.WithLabels("verify", result.Outcome).Inc();
        return Wire.From(result);
    }

    [Authorize(Policy = AccessPolicies.Identify)]
    public override async Task<IdentifyResponse> Identify(IdentifyRequest request, ServerCallContext context)
    {
        var result = await service.IdentifyAsync(Wire.ToDomain(request.Probe), request.K, context.Caller(), Wire.Fmr(request.Fmr)).ConfigureAwait(false);
        metrics.Decisions.WithLabels("identify", result.Outcome).Inc();
        var response = new IdentifyResponse { OperatingPoint = Wire.From(result.OperatingPoint), DecisionId = result.DecisionId, Liveness = result.Liveness ?? 0, LivenessFailed = result.LivenessFailed, ActiveCheckFailed = result.ActiveCheckFailed, SearchMethod = Wire.From(result.Method),
            ShardsAnswered = result.Shards?.Answered ?? 0, ShardsTotal = result.Shards?.Total ?? 0 };
        response.Candidates.AddRange(result.Candidates.Select(Wire.From));
        return response;
    }
}
