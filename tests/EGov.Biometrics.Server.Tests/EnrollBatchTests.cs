using EGov.Biometrics.Contracts.V1;
using EGov.Biometrics.Edge.TestSupport;
using EGov.Biometrics.Registry.Subjects;
using Google.Protobuf;
using Grpc.Core;

namespace EGov.Biometrics.Server.Tests;

/// <summary>Enrollment.EnrollBatch over gRPC: the enroller role, the batch's limits, and a retried item answered with its first enrolment.</summary>
public sealed class EnrollBatchTests(RunningServer server) : IClassFixture<RunningServer>
{
    [Fact]
    public async Task A_retried_item_gets_its_first_enrolment_back_and_is_enrolled_and_audited_once()
    {
        var request = Batch(("import-run-1/row-2", "54000000000001", SamplePortraits.Bytes(5)));

        var first = Assert.Single((await Client().EnrollBatchAsync(request, server.As("enroller"))).Results);
        var retried = Assert.Single((await Client().EnrollBatchAsync(request, server.As("enroller"))).Results);

        Assert.True(first.Enrolled && !first.Replayed, first.Message);
        Assert.True(retried.Enrolled && retried.Replayed, retried.Message);
        Assert.Equal(first.TemplateIds, retried.TemplateIds);
        Assert.Equal(first.DecisionId, retried.DecisionId);
        Assert.Equal(EnrollRefusal.Unspecified, retried.Refusal);
        using var registry = new SubjectRegistry(server.Data.Database, new Registry.Crypto.TemplateCipher(server.Data.Keys));
        Assert.Equal(1, new EnrollmentKeyStore(registry).Count());
        using var connection = server.Data.Database.Open();
        using var audit = connection.CreateCommand();
        audit.CommandText = "SELECT COUNT(*) FROM audit WHERE action = 'enroll' AND subject = '54000000000001'";
        Assert.Equal(1L, audit.ExecuteScalar());
    }

    [Fact]
    public async Task Only_roles_that_enrol_may_call_it()
    {
        var request = Batch(("k-operator", "54000000000002", SamplePortraits.Bytes(4)));

        var refusals = new List<RpcException>();
        foreach (var role in new[] { "operator", "auditor", "device" })
        {
            refusals.Add(await Assert.ThrowsAsync<RpcException>(() => Client().EnrollBatchAsync(request, server.As(role)).ResponseAsync));
        }

        var anonymous = await Assert.ThrowsAsync<RpcException>(() => Client().EnrollBatchAsync(request, new Metadata()).ResponseAsync);

        Assert.All(refusals, r => Assert.Equal(StatusCode.PermissionDenied, r.StatusCode));
        Assert.Equal("The operator role may not call /egov.biometrics.v1.Enrollment/EnrollBatch.", refusals[0].Status.Detail);
        Assert.Equal(StatusCode.Unauthenticated, anonymous.StatusCode);
    }

    [Fact]
    public async Task An_oversized_batch_is_refused_whole_naming_the_limit()
    {
        var photo = SamplePortraits.Bytes(6);
        var tooMany = Batch([.. Enumerable.Range(0, 33).Select(i => ($"k{i}", $"550000000000{i:D2}", photo))]);
        // Two photos of 9 MiB each: more than the 16 MiB a request may carry.
        var tooLarge = Batch(("big-1", "55100000000001", new byte[9 << 20]), ("big-2", "55100000000002", new byte[9 << 20]));

        var count = await Assert.ThrowsAsync<RpcException>(() => Client().EnrollBatchAsync(tooMany, server.As("enroller")).ResponseAsync);
        var size = await Assert.ThrowsAsync<RpcException>(() => Client().EnrollBatchAsync(tooLarge, server.As("enroller")).ResponseAsync);

        Assert.Equal((StatusCode.InvalidArgument, "A batch takes 1 to 32 enrolments, got 33."), (count.StatusCode, count.Status.Detail));
        Assert.Equal(StatusCode.ResourceExhausted, size.StatusCode);
        using var connection = server.Data.Database.Open();
        using var subjects = connection.CreateCommand();
        subjects.CommandText = "SELECT COUNT(*) FROM subjects WHERE pinfl LIKE '55%'";
        Assert.Equal(0L, subjects.ExecuteScalar());
    }

    private Contracts.V1.Enrollment.EnrollmentClient Client() => new(server.Channel);

    private static EnrollBatchRequest Batch(params (string Key, string Pinfl, byte[] Photo)[] items)
    {
        var request = new EnrollBatchRequest();
        foreach (var (key, pinfl, photo) in items)
        {
            request.Items.Add(new EnrollBatchItem { IdempotencyKey = key, Pinfl = pinfl, Probes = { new Probe { Image = ByteString.CopyFrom(photo) } } });
        }

        return request;
    }
}
