using EGov.Biometrics.Service.Access;

namespace EGov.Biometrics.Console.Tests;

/// <summary>The people the console tests sign in as, created through the domain when the site starts.</summary>
public static class ConsoleAccounts
{
    /// <summary>Every account's password (long enough for the sign-in rules).</summary>
    public const string Password = "desk-console-test-passphrase";

    public const string Operator8 = "operator8";
    public const string Operator9 = "operator9";
    public const string Enroller = "enroller1";
    public const string Supervisor = "supervisor1";
    public const string Auditor = "auditor1";
    public const string Admin = "admin1";

    public static readonly IReadOnlyList<(string Username, string Role, string Desk)> All =
    [
        (Operator8, Roles.Operator, ConsoleSite.AgentDesk),
        (Operator9, Roles.Operator, "desk-9"),
        (Enroller, Roles.Enroller, string.Empty),
        (Supervisor, Roles.Supervisor, string.Empty),
        (Auditor, Roles.Auditor, string.Empty),
        (Admin, Roles.Admin, string.Empty),
    ];
}
