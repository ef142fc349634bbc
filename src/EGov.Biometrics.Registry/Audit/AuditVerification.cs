namespace EGov.Biometrics.Registry.Audit;

/// <summary>The result of walking the chain: where it first breaks, if it does.</summary>
public sealed record AuditVerification(long Entries, long? FirstBadSeq, string? Reason)
{
    public bool Intact => FirstBadSeq is null;
}
