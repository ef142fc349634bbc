namespace EGov.Biometrics.Service.Access;

/// <summary>
/// Every use case and the roles it admits: the one table that the gRPC API and the web console both
/// enforce (as ASP.NET Core authorization policies of the same names). Admin is admitted everywhere except
/// the desk stream, which only a device credential bound to its desk may open. Operators verify at a desk only
/// with a credential bound to it. The last three policies are not endpoints but what a decision discloses or accepts.
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
    public const string ManageDeskPolicies = "manage-desk-policies";

    /// <summary>Reading a decision's exact similarity: with it, small changes to a probe can be kept or dropped
    /// until a forged face crosses the threshold (hill-climbing); operators and devices get the decision only.</summary>
    public const string ReadScores = "read-scores";

    /// <summary>Sending aligned crops or raw templates as probes: they skip the pipeline's capture checks and are
    /// the hill-climber's tool. Desk agents send crops on the desk stream, which is not this.</summary>
    public const string SendRawProbes = "send-raw-probes";

    /// <summary>Deciding at a laxer false-match rate than the policy's default (a stricter one is anyone's choice).</summary>
    public const string ChooseLaxerFmr = "choose-laxer-fmr";

    /// <summary>Policy name → the roles it admits.</summary>
    public static readonly IReadOnlyDictionary<string, IReadOnlyList<string>> Admitted = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal)
    {
        [Verify] = [Roles.Operator, Roles.Supervisor, Roles.Admin],
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
        [ManageDeskPolicies] = [Roles.Admin],
        [ReadScores] = [Roles.Supervisor, Roles.Auditor, Roles.Admin],
        [SendRawProbes] = [Roles.Supervisor, Roles.Admin],
        [ChooseLaxerFmr] = [Roles.Supervisor, Roles.Admin],
    };

    /// <summary>Policy name → the roles it admits only with a credential bound to a desk (an unbound operator key could act at any desk).</summary>
    public static readonly IReadOnlyDictionary<string, IReadOnlyList<string>> DeskBound = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal)
    {
        [DeskStream] = [Roles.Device],
        [VerifyAtDesk] = [Roles.Operator],
    };

    public static bool Admits(string policy, Caller caller) => Admits(policy, caller.Role, caller.DeskBound);

    /// <summary>Whether a credential of <paramref name="role"/>, bound to a desk or not, may use <paramref name="policy"/>.</summary>
    public static bool Admits(string policy, string role, bool deskBound) =>
        Admitted.TryGetValue(policy, out var roles) && roles.Contains(role) && (deskBound || !MustBeBound(policy, role));

    /// <summary>Refuses <paramref name="caller"/> a use case its role is not admitted to (<see cref="AccessDeniedException"/>).</summary>
    public static void Require(string policy, Caller caller, string operation)
    {
        if (!Admits(policy, caller))
        {
            throw new AccessDeniedException(Refusal(policy, caller.Role, operation));
        }
    }

    /// <summary>Why <paramref name="role"/> is refused <paramref name="policy"/>, in words a caller can act on.</summary>
    public static string Refusal(string policy, string role, string operation) => policy switch
    {
        DeskStream => "The desk stream takes a device credential bound to its desk (keys create --role device --for-desk DESK).",
        _ when MustBeBound(policy, role) => $"The {role} role may call {operation} only with a credential bound to the desk (keys create --role {role} --for-desk DESK).",
        _ => $"The {role} role may not call {operation}.",
    };

    private static bool MustBeBound(string policy, string role) => DeskBound.TryGetValue(policy, out var roles) && roles.Contains(role);
}
