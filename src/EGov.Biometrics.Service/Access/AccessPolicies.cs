namespace EGov.Biometrics.Service.Access;

/// <summary>
/// Every use case and the roles it admits: the one table that the gRPC API and the web console both
/// enforce (as ASP.NET Core authorization policies of the same names). Admin is admitted everywhere except
/// the desk stream, which only a device credential bound to its desk may open.
/// </summary>
public static class AccessPolicies
{
    public const string Verify = "verify";
    public const string Identify = "identify";
    public const string Enroll = "enroll";
    public const string ReadSubject = "read-subject";
    public const string ListSubjects = "list-subjects";
    public const string DeleteSubject = "delete-subject";
    public const string DeskStream = "desk-stream";
    public const string VerifyAtDesk = "verify-at-desk";
    public const string WatchDesks = "watch-desks";
    public const string ManageCredentials = "manage-credentials";
    public const string ReadStatistics = "read-statistics";
    public const string RotateKeys = "rotate-keys";
    public const string ReadAudit = "read-audit";
    public const string ManageUsers = "manage-users";

    /// <summary>Policy name → the roles it admits.</summary>
    public static readonly IReadOnlyDictionary<string, IReadOnlyList<string>> Admitted = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal)
    {
        [Verify] = [Roles.Operator, Roles.Supervisor, Roles.Device, Roles.Admin],
        [Identify] = [Roles.Supervisor, Roles.Admin],
        [Enroll] = [Roles.Enroller, Roles.Supervisor, Roles.Admin],
        [ReadSubject] = [Roles.Enroller, Roles.Supervisor, Roles.Admin],
        [ListSubjects] = [Roles.Supervisor, Roles.Auditor, Roles.Admin],
        [DeleteSubject] = [Roles.Admin],
        [DeskStream] = [Roles.Device],
        [VerifyAtDesk] = [Roles.Operator, Roles.Supervisor, Roles.Admin],
        [WatchDesks] = [Roles.Supervisor, Roles.Auditor, Roles.Admin],
        [ManageCredentials] = [Roles.Admin],
        [ReadStatistics] = [Roles.Admin],
        [RotateKeys] = [Roles.Admin],
        [ReadAudit] = [Roles.Auditor, Roles.Admin],
        [ManageUsers] = [Roles.Admin],
    };

    /// <summary>Policies that also need the credential itself to be bound to a desk.</summary>
    public static readonly IReadOnlySet<string> DeskBound = new HashSet<string>(StringComparer.Ordinal) { DeskStream };

    public static bool Admits(string policy, Caller caller) => Admits(policy, caller.Role, caller.DeskBound);

    /// <summary>Whether a credential of <paramref name="role"/>, bound to a desk or not, may use <paramref name="policy"/>.</summary>
    public static bool Admits(string policy, string role, bool deskBound) =>
        Admitted.TryGetValue(policy, out var roles) && roles.Contains(role) && (!DeskBound.Contains(policy) || deskBound);

    /// <summary>Refuses <paramref name="caller"/> a use case its role is not admitted to (<see cref="AccessDeniedException"/>).</summary>
    public static void Require(string policy, Caller caller, string operation)
    {
        if (!Admits(policy, caller))
        {
            throw new AccessDeniedException(Refusal(policy, caller.Role, operation));
        }
    }

    /// <summary>Why <paramref name="role"/> is refused <paramref name="policy"/>, in words a caller can act on.</summary>
    public static string Refusal(string policy, string role, string operation) => DeskBound.Contains(policy)
        ? "The desk stream takes a device credential bound to its desk (keys create --role device --for-desk DESK)."
        : $"The {role} role may not call {operation}.";
}
