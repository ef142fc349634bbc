using EGov.Biometrics.Registry.Audit;

namespace EGov.Biometrics.Registry.Access;

/// <summary>
/// What the domain decided about a person's stored row: the row to write (null: leave it as it is), the audit
/// entry recording the decision (written in the same transaction), and what to hand back to the caller.
/// </summary>
public sealed record PersonChange<T>(PersonRecord? Updated, AuditEntry Audit, T Result);
