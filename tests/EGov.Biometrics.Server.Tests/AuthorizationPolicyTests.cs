using EGov.Biometrics.Contracts.V1;
using EGov.Biometrics.Service.Access;
using Grpc.Core;

namespace EGov.Biometrics.Server.Tests;

/// <summary>
/// Every authorization policy through the running server: each RPC admits the roles of its policy (the call
/// gets past authorization, whatever it then answers), refuses every other role with PermissionDenied, and
/// refuses a call without a credential with Unauthenticated. The table it checks against is the domain's.
/// </summary>
public sealed class AuthorizationPolicyTests(RunningServer server) : IClassFixture<RunningServer>
{
    private static readonly Template Vector = new() { ModelId = "faceplugin-arcface-r512", Vector = { TestVectors.Unit(3) } };

    private static readonly Dictionary<string, Func<CallInvoker, Metadata, Task>> Calls = new()
    {
        [AccessPolicies.Verify] = (c, h) => new Verification.VerificationClient(c).VerifyAsync(new VerifyRequest { Pinfl = "12", Probe = new Probe { Image = Google.Protobuf.ByteString.CopyFromUtf8("x") } }, h).ResponseAsync,
        [AccessPolicies.Identify] = (c, h) => new Verification.VerificationClient(c).IdentifyAsync(new IdentifyRequest { K = 0 }, h).ResponseAsync,
        [AccessPolicies.Enroll] = (c, h) => new Enrollment.EnrollmentClient(c).EnrollAsync(new EnrollRequest { Pinfl = "12" }, h).ResponseAsync,
        [AccessPolicies.ReadSubject] = (c, h) => new Enrollment.EnrollmentClient(c).GetSubjectAsync(new GetSubjectRequest { Pinfl = "12" }, h).ResponseAsync,
        [AccessPolicies.ListSubjects] = (c, h) => new Enrollment.EnrollmentClient(c).ListSubjectsAsync(new ListSubjectsRequest { PageSize = 5000 }, h).ResponseAsync,
        [AccessPolicies.DeleteSubject] = (c, h) => new Enrollment.EnrollmentClient(c).DeleteSubjectAsync(new DeleteSubjectRequest { Pinfl = "12" }, h).ResponseAsync,
        [AccessPolicies.VerifyAtDesk] = (c, h) => new Desks.DesksClient(c).VerifyAtDeskAsync(new VerifyAtDeskRequest { DeskId = "no-such-desk", Pinfl = "12" }, h).ResponseAsync,
        [AccessPolicies.WatchDesks] = (c, h) => new Desks.DesksClient(c).ListDesksAsync(new ListDesksRequest(), h).ResponseAsync,
        [AccessPolicies.ManageCredentials] = (c, h) => new Administration.AdministrationClient(c).CreateApiKeyAsync(new CreateApiKeyRequest { Role = "nobody" }, h).ResponseAsync,
        [AccessPolicies.ReadStatistics] = (c, h) => new Administration.AdministrationClient(c).GetStatisticsAsync(new GetStatisticsRequest(), h).ResponseAsync,
        [AccessPolicies.ManageUsers] = (c, h) => new Administration.AdministrationClient(c).ListUsersAsync(new ListUsersRequest(), h).ResponseAsync,
        [AccessPolicies.ManageDeskPolicies] = (c, h) => new Administration.AdministrationClient(c).SetDeskPolicyAsync(new SetDeskPolicyRequest { Desk = "desk-policy", ActiveCheck = true }, h).ResponseAsync,
        [AccessPolicies.DeskStream] = async (c, h) =>
        {
            // The refusal comes before the agent says anything: read the answer without writing.
            using var stream = new Desks.DesksClient(c).Connect(h);
            await stream.ResponseStream.MoveNext(CancellationToken.None);
        },
    };

    public static TheoryData<string> Policies() => new(Calls.Keys);

    [Theory]
    [MemberData(nameof(Policies))]
    public async Task Each_policy_admits_its_roles_and_refuses_the_others_and_anonymous_callers(string policy)
    {
        foreach (var role in Roles.All)
        {
            // A device key bound to no desk is refused the desk stream like any other role outside it.
            var (status, detail) = await Outcome(Calls[policy], server.As(role));
            if (AccessPolicies.Admits(policy, role, deskBound: false))
            {
                // Past authorization, the use case itself answers: the requests here are deliberately bad or empty.
                Assert.True(status is StatusCode.OK or StatusCode.InvalidArgument or StatusCode.NotFound or StatusCode.FailedPrecondition, $"{role} got {status} from {policy}: {detail}");
            }
            else
            {
                Assert.Equal((StatusCode.PermissionDenied, AccessPolicies.Refusal(policy, role, Paths[policy])), (status, detail));
            }
        }

        Assert.Equal(StatusCode.Unauthenticated, await StatusOf(server, Calls[policy], []));
    }

    [Fact]
    public void Every_policy_of_the_domain_is_exercised_here_and_in_the_rotation_test()
    {
        // ReadAudit has no RPC: the web console's audit page and export use it (covered by the domain's tests).
        // ReadScores, SendRawProbes and ChooseLaxerFmr are what a decision discloses or accepts (HostileCallerTests).
        Assert.Equal(
            AccessPolicies.Admitted.Keys.Order(),
            Calls.Keys.Append(AccessPolicies.RotateKeys).Append(AccessPolicies.ReadAudit)
                .Append(AccessPolicies.ReadScores).Append(AccessPolicies.SendRawProbes).Append(AccessPolicies.ChooseLaxerFmr).Order());
    }

    [Fact]
    public async Task Reflection_is_off_unless_asked_for()
    {
        var reflection = new Grpc.Reflection.V1Alpha.ServerReflection.ServerReflectionClient(server.Channel);
        using var call = reflection.ServerReflectionInfo(server.As(Roles.Admin));
        // Only read: the server refuses the method from its headers alone, and a write racing
        // that refusal can fail as Cancelled (the stream is already reset) instead of Unimplemented.
        var error = await Assert.ThrowsAsync<RpcException>(() => call.ResponseStream.MoveNext(CancellationToken.None));
        Assert.Equal(StatusCode.Unimplemented, error.StatusCode);
    }

    private static readonly Dictionary<string, string> Paths = new()
    {
        [AccessPolicies.Verify] = "/egov.biometrics.v1.Verification/Verify",
        [AccessPolicies.Identify] = "/egov.biometrics.v1.Verification/Identify",
        [AccessPolicies.Enroll] = "/egov.biometrics.v1.Enrollment/Enroll",
        [AccessPolicies.ReadSubject] = "/egov.biometrics.v1.Enrollment/GetSubject",
        [AccessPolicies.ListSubjects] = "/egov.biometrics.v1.Enrollment/ListSubjects",
        [AccessPolicies.DeleteSubject] = "/egov.biometrics.v1.Enrollment/DeleteSubject",
        [AccessPolicies.VerifyAtDesk] = "/egov.biometrics.v1.Desks/VerifyAtDesk",
        [AccessPolicies.WatchDesks] = "/egov.biometrics.v1.Desks/ListDesks",
        [AccessPolicies.ManageCredentials] = "/egov.biometrics.v1.Administration/CreateApiKey",
        [AccessPolicies.ReadStatistics] = "/egov.biometrics.v1.Administration/GetStatistics",
        [AccessPolicies.ManageUsers] = "/egov.biometrics.v1.Administration/ListUsers",
        [AccessPolicies.ManageDeskPolicies] = "/egov.biometrics.v1.Administration/SetDeskPolicy",
        [AccessPolicies.DeskStream] = "/egov.biometrics.v1.Desks/Connect",
    };

    private async Task<(StatusCode Status, string Detail)> Outcome(Func<CallInvoker, Metadata, Task> call, Metadata headers)
    {
        try
        {
            await call(server.Channel.CreateCallInvoker(), headers);
            return (StatusCode.OK, string.Empty);
        }
        catch (RpcException e)
        {
            return (e.StatusCode, e.Status.Detail);
        }
    }

    internal static async Task<StatusCode> StatusOf(RunningServer server, Func<CallInvoker, Metadata, Task> call, Metadata headers)
    {
        try
        {
            await call(server.Channel.CreateCallInvoker(), headers);
            return StatusCode.OK;
        }
        catch (RpcException e)
        {
            return e.StatusCode;
        }
    }
}
