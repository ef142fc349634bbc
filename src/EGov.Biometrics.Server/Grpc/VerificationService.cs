using EGov.Biometrics.Contracts.V1;
using EGov.Biometrics.Service;
using global::Grpc.Core;

namespace EGov.Biometrics.Server.Grpc;

/// <summary>1:1 verification and 1:N identification over <see cref="BiometricService"/>.</summary>
internal sealed class VerificationService(BiometricService service, ProbeResolver probes, ServiceMetrics metrics) : Verification.VerificationBase
{
    public override Task<VerifyResponse> Verify(VerifyRequest request, ServerCallContext context)
    {
        var probe = probes.Resolve(request.Probe);
        var result = service.Verify(request.Pinfl, probe.Probe, CallerInterceptor.CallerOf(context), Fmr(request.Fmr));
        metrics.Decisions.WithLabels("verify", !result.Enrolled ? "not-enrolled" : result.Match ? "match" : "no-match").Inc();
        return Task.FromResult(new VerifyResponse
        {
            Match = result.Match,
            Enrolled = result.Enrolled,
            Similarity = float.IsNaN(result.Similarity) ? 0 : result.Similarity,
            OperatingPoint = Wire.From(result.OperatingPoint),
            DecisionId = result.DecisionId,
            Quality = probe.Quality?.Overall ?? 0,
            Liveness = probe.Liveness ?? 0,
        });
    }

    public override Task<IdentifyResponse> Identify(IdentifyRequest request, ServerCallContext context)
    {
        if (request.K is < 1 or > 100)
        {
            throw new ArgumentException($"k must be between 1 and 100, got {request.K}.");
        }

        var result = service.Identify(probes.Resolve(request.Probe).Probe, request.K, CallerInterceptor.CallerOf(context), Fmr(request.Fmr));
        metrics.Decisions.WithLabels("identify", result.Candidates.Count > 0 ? "candidates" : "none").Inc();
        var response = new IdentifyResponse { OperatingPoint = Wire.From(result.OperatingPoint), DecisionId = result.DecisionId };
        response.Candidates.AddRange(result.Candidates.Select(Wire.From));
        return Task.FromResult(response);
    }

    internal static double? Fmr(double fmr) => fmr == 0 ? null : fmr;
}
