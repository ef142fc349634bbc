namespace EGov.Biometrics.Service.Access;

/// <summary>The roles a credential can hold. What each may do is in <see cref="AccessPolicies"/>.</summary>
public static class Roles
{
    public const string Device = "device";
    public const string Operator = "operator";
    public const string Enroller = "enroller";
    public const string Supervisor = "supervisor";
    public const string Auditor = "auditor";
    public const string Admin = "admin";

    public static readonly IReadOnlySet<string> All = new HashSet<string>(StringComparer.Ordinal) { Device, Operator, Enroller, Supervisor, Auditor, Admin };

    /// <summary>Checks that <paramref name="role"/> is one of <see cref="All"/>.</summary>
    public static string Require(string role) =>
        All.Contains(role) ? role : throw new ArgumentException($"'{Text.Bounded(role, 32)}' is not a role (one of {string.Join(", ", All)}).", nameof(role));
}
