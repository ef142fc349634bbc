using System.Globalization;
using EGov.Biometrics.Contracts.V1;
using EGov.Biometrics.Server.Observability;
using EGov.Biometrics.Service.Access;
using EGov.Biometrics.Service.Decisions;
using EGov.Biometrics.Service.Subjects;
using Grpc.Core;
using Microsoft.AspNetCore.Authorization;

namespace EGov.Biometrics.Server.Api;

/// <summary>Enrolment and subject management: wire to <see cref="BiometricService"/>, <see cref="BatchEnrollment"/> and <see cref="SubjectDirectory"/> and back.</summary>
internal sealed class EnrollmentService(BiometricService service, BatchEnrollment batches, SubjectDirectory subjects, ServiceMetrics metrics) : Enrollment.EnrollmentBase
{
    [Authorize(Policy = AccessPolicies.Enroll)]
    public override async Task<EnrollResponse> Enroll(EnrollRequest request, ServerCallContext context)
    {
        var enroll = new EnrollCommand(
            request.Pinfl, request.Probes.Select(p => Wire.ToDomain(p) ?? throw new ArgumentException("A probe is empty: send an image.")).ToList(),
            Wire.ToDomain(request.DuplicatePolicy), Wire.Fmr(request.Fmr));
        var result = await service.EnrollAsync(enroll, context.Caller()).ConfigureAwait(false);
        metrics.Decisions.WithLabels("enroll", result.Outcome).Inc();
        var response = new EnrollResponse { Pinfl = result.Pinfl, OperatingPoint = Wire.From(result.OperatingPoint), DecisionId = result.DecisionId };
        response.TemplateIds.AddRange(result.TemplateIds);
        response.PossibleDuplicates.AddRange(result.PossibleDuplicates.Select(Wire.From));
        return response;
    }

    [Authorize(Policy = AccessPolicies.ReadSubject)]
    public override Task<Subject> GetSubject(GetSubjectRequest request, ServerCallContext context) =>
        Task.FromResult(ToWire(subjects.Get(request.Pinfl)));

    [Authorize(Policy = AccessPolicies.ListSubjects)]
    public override Task<ListSubjectsResponse> ListSubjects(ListSubjectsRequest request, ServerCallContext context)
    {
        var page = subjects.List(request.PageToken, request.PageSize);
        var response = new ListSubjectsResponse { NextPageToken = page.NextPageToken };
        response.Subjects.AddRange(page.Subjects.Select(ToWire));
        return Task.FromResult(response);
    }

    [Authorize(Policy = AccessPolicies.DeleteSubject)]
    public override async Task<DeleteSubjectResponse> DeleteSubject(DeleteSubjectRequest request, ServerCallContext context) =>
        new() { Deleted = await service.DeleteAsync(request.Pinfl, context.Caller()).ConfigureAwait(false) };

    [Authorize(Policy = AccessPolicies.Enroll)]
    public override async Task<EnrollBatchResponse> EnrollBatch(EnrollBatchRequest request, ServerCallContext context)
    {
        var command = new EnrollBatchCommand(
            [.. request.Items.Select((item, i) => new Service.Decisions.EnrollBatchItem(item.IdempotencyKey, item.Pinfl, [.. item.Probes.Select(p => Wire.ToDomain(p) ?? throw new ArgumentException($"Item {i + 1} has an empty probe: send an image."))]))],
            Wire.ToDomain(request.DuplicatePolicy), Wire.Fmr(request.Fmr));
        var outcomes = await batches.EnrollAsync(command, context.Caller(), context.CancellationToken).ConfigureAwait(false);
        var response = new EnrollBatchResponse();
        foreach (var outcome in outcomes)
        {
            metrics.Decisions.WithLabels("enroll-batch", outcome.Outcome).Inc();
            response.Results.Add(Wire.From(outcome));
        }

        return response;
    }

    private static Subject ToWire(EnrolledSubject s)
    {
        var subject = new Subject { Pinfl = s.Pinfl, CreatedAt = s.CreatedAt.ToString("O", CultureInfo.InvariantCulture) };
        subject.TemplateIds.AddRange(s.TemplateIds);
        return subject;
    }
}
