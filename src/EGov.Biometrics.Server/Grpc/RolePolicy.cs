using EGov.Biometrics.Registry.Access;

namespace EGov.Biometrics.Server.Grpc;

/// <summary>Which roles each RPC admits (admin is admitted everywhere). An RPC not listed admits admin alone.</summary>
internal static class RolePolicy
{
    private static readonly Dictionary<string, string[]> Allowed = new(StringComparer.Ordinal)
    {
        ["/egov.biometrics.v1.Verification/Verify"] = [Roles.Operator, Roles.Supervisor, Roles.Device],
        ["/egov.biometrics.v1.Verification/Identify"] = [Roles.Supervisor],
        ["/egov.biometrics.v1.Enrollment/Enroll"] = [Roles.Enroller, Roles.Supervisor],
        ["/egov.biometrics.v1.Enrollment/GetSubject"] = [Roles.Enroller, Roles.Supervisor],
        ["/egov.biometrics.v1.Enrollment/ListSubjects"] = [Roles.Supervisor, Roles.Auditor],
        ["/egov.biometrics.v1.Enrollment/DeleteSubject"] = [],
        ["/egov.biometrics.v1.Desks/Connect"] = [Roles.Device],
        ["/egov.biometrics.v1.Desks/VerifyAtDesk"] = [Roles.Operator, Roles.Supervisor],
        ["/egov.biometrics.v1.Desks/ListDesks"] = [Roles.Supervisor, Roles.Auditor],
    };

    public static bool Admits(string method, string role) =>
        role == Roles.Admin || (Allowed.TryGetValue(method, out var roles) && roles.Contains(role));

    /// <summary>Health and reflection answer without credentials, so load balancers and grpcurl can probe.</summary>
    public static bool IsPublic(string method) =>
        method.StartsWith("/grpc.health.v1.", StringComparison.Ordinal) || method.StartsWith("/grpc.reflection.", StringComparison.Ordinal);
}
