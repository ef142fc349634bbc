using EGov.Biometrics.Contracts.V1;
using EGov.Biometrics.Service;
using global::Grpc.Core;

namespace EGov.Biometrics.Server.Grpc;

/// <summary>1:1 verification and 1:N identification over <see cref="BiometricService"/>.</summary>
internal sealed class VerificationService(BiometricService service, ProbeResolver probes, ServiceMetrics metrics) : Verification.VerificationBase
{
    public override async Task<VerifyResponse> Verify(VerifyRequest request, ServerCallContext context)
    {
        var caller = CallerInterceptor.CallerOf(context);
        var probe = probes.Resolve(request.Probe, caller);
        var result = await service.VerifyAsync(request.Pinfl, probe.Probe, caller, Fmr(request.Fmr)).ConfigureAwait(false);
        metrics.Decisions.WithLabels("verify", result.Outcome).Inc();
        return Wire.From(result, probe.Quality?.Overall ?? 0, probe.Liveness ?? 0);
    }

    public override async Task<IdentifyResponse> Identify(IdentifyRequest request, ServerCallContext context)
    {
        if (request.K is < 1 or > 100)
        {
            throw new ArgumentException($"k must be between 1 and 100, got {request.K}.");
        }

        var caller = CallerInterceptor.CallerOf(context);
        var result = await service.IdentifyAsync(probes.Resolve(request.Probe, caller).Probe, request.K, caller, Fmr(request.Fmr)).ConfigureAwait(false);
        metrics.Decisions.WithLabels("identify", result.Candidates.Count > 0 ? "candidates" : "none").Inc();
        var response = new IdentifyResponse { OperatingPoint = Wire.From(result.OperatingPoint), DecisionId = result.DecisionId };
        response.Candidates.AddRange(result.Candidates.Select(Wire.From));
        return response;
    }

    internal static double? Fmr(double fmr) => fmr == 0 ? null : fmr;
}
