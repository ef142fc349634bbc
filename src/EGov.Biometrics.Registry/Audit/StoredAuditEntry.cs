namespace EGov.Biometrics.Registry.Audit;

/// <summary>A stored entry with its place in the chain.</summary>
public sealed record StoredAuditEntry(long Seq, AuditEntry Entry, byte[] PreviousHash, byte[] Hash);
