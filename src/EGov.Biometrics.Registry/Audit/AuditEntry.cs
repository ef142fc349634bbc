namespace EGov.Biometrics.Registry.Audit;

/// <summary>One decision or change: who (caller, role, desk), what (action on subject), the outcome, and when.</summary>
public sealed record AuditEntry(
    string Caller,
    string Role,
    string Desk,
    string Action,
    string Subject,
    string Decision,
    double? Score = null,
    double? Fmr = null,
    string Details = "")
{
    public DateTimeOffset At { get; init; } = DateTimeOffset.UtcNow;
}
