namespace EGov.Biometrics.Registry.Audit;

/// <summary>Which audit entries to select: each field set must match exactly (times: From inclusive, To exclusive); null matches all.</summary>
public sealed record AuditCriteria(string? Caller = null, string? Action = null, string? Desk = null, string? Subject = null, DateTimeOffset? From = null, DateTimeOffset? To = null);
