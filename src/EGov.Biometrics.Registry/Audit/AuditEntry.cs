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

/// <summary>A stored entry with its place in the chain.</summary>
public sealed record StoredAuditEntry(long Seq, AuditEntry Entry, byte[] PreviousHash, byte[] Hash);

/// <summary>The result of walking the chain: where it first breaks, if it does.</summary>
public sealed record AuditVerification(long Entries, long? FirstBadSeq, string? Reason)
{
    public bool Intact => FirstBadSeq is null;
}
