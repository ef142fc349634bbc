using EGov.Biometrics.Contracts.V1;
using EGov.Biometrics.Registry.Subjects;
using EGov.Biometrics.Service;
using global::Grpc.Core;

namespace EGov.Biometrics.Server.Grpc;

/// <summary>Enrolment and subject management. Image probes must pass the quality and liveness gates to be enrolled.</summary>
internal sealed class EnrollmentService(BiometricService service, SubjectRegistry registry, ProbeResolver probes, ServiceMetrics metrics, Hosting.ServerOptions options) : Contracts.V1.Enrollment.EnrollmentBase
{
    public const float MinLiveness = 0.5f;

    public override async Task<EnrollResponse> Enroll(EnrollRequest request, ServerCallContext context)
    {
        Pinfl.Require(request.Pinfl);
        if (request.Probes.Count is 0 or > 10)
        {
            throw new ArgumentException($"An enrolment takes 1 to 10 probes, got {request.Probes.Count}.");
        }

        // Only images pass the quality and liveness gates; raw templates and crops are for administrators (migrations).
        var caller = CallerInterceptor.CallerOf(context);
        if (caller.Role != Registry.Access.Roles.Admin && request.Probes.Any(p => p.KindCase != Contracts.V1.Probe.KindOneofCase.Image))
        {
            throw new RpcException(new Status(StatusCode.PermissionDenied, "Only images can be enrolled by this role: templates and crops skip the quality and liveness gates."));
        }

        if (request.DuplicatePolicy == Contracts.V1.DuplicatePolicy.Flag && caller.Role is not (Registry.Access.Roles.Admin or Registry.Access.Roles.Supervisor))
        {
            throw new RpcException(new Status(StatusCode.PermissionDenied, "Enrolling despite a possible duplicate is a supervisor's decision."));
        }

        var resolved = request.Probes.Select(p => probes.Resolve(p, caller)).ToList();
        foreach (var (probe, i) in resolved.Select((p, i) => (p, i)))
        {
            if (probe.Quality is { Passed: false } quality)
            {
                throw new ArgumentException($"Probe {i + 1} fails the quality gate: {string.Join("; ", quality.Failures.Select(f => f.Reason))}.");
            }

            if (probe.Liveness is { } liveness && liveness < MinLiveness)
            {
                throw new ArgumentException($"Probe {i + 1} fails the liveness check (score {liveness:F2}, at least {MinLiveness:F2} needed).");
            }
        }

        var policy = request.DuplicatePolicy == Contracts.V1.DuplicatePolicy.Flag ? Service.DuplicatePolicy.Flag : Service.DuplicatePolicy.Reject;
        // Images are kept only where the deployment chose to (encrypted, bound to the template).
        var templates = resolved.Select((p, i) => options.StoreImages && request.Probes[i].KindCase == Contracts.V1.Probe.KindOneofCase.Image
            ? p.Probe with { Image = request.Probes[i].Image.ToByteArray() }
            : p.Probe).ToList();
        var result = await service.EnrollAsync(request.Pinfl, templates, caller, policy, VerificationService.Fmr(request.Fmr)).ConfigureAwait(false);
        metrics.Decisions.WithLabels("enroll", result.PossibleDuplicates.Count > 0 ? "enrolled-flagged" : "enrolled").Inc();
        var response = new EnrollResponse { Pinfl = result.Pinfl, OperatingPoint = Wire.From(result.OperatingPoint), DecisionId = result.DecisionId };
        response.TemplateIds.AddRange(result.TemplateIds);
        response.PossibleDuplicates.AddRange(result.PossibleDuplicates.Select(Wire.From));
        return response;
    }

    public override Task<Subject> GetSubject(GetSubjectRequest request, ServerCallContext context) =>
        Task.FromResult(ToWire(registry.Get(request.Pinfl) ?? throw new KeyNotFoundException($"Subject {request.Pinfl} is not enrolled.")));

    public override Task<ListSubjectsResponse> ListSubjects(ListSubjectsRequest request, ServerCallContext context)
    {
        var size = request.PageSize == 0 ? 100 : request.PageSize;
        if (size is < 1 or > 1000)
        {
            throw new ArgumentException($"page_size must be between 1 and 1000, got {request.PageSize}.");
        }

        var page = registry.List(request.PageToken, size);
        var response = new ListSubjectsResponse { NextPageToken = page.Count == size ? page[^1].Pinfl : string.Empty };
        response.Subjects.AddRange(page.Select(ToWire));
        return Task.FromResult(response);
    }

    public override async Task<DeleteSubjectResponse> DeleteSubject(DeleteSubjectRequest request, ServerCallContext context) =>
        new() { Deleted = await service.DeleteAsync(Pinfl.Require(request.Pinfl), CallerInterceptor.CallerOf(context)).ConfigureAwait(false) };

    private static Subject ToWire(SubjectSummary s)
    {
        var subject = new Subject { Pinfl = s.Pinfl, CreatedAt = s.CreatedAt.ToString("O", System.Globalization.CultureInfo.InvariantCulture) };
        subject.TemplateIds.AddRange(s.Templates.Select(t => t.Id));
        return subject;
    }
}
