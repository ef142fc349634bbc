namespace EGov.Biometrics.Service.Audit;

/// <summary>What the audit page selects: each field set must match exactly (From inclusive, To exclusive); null: any.</summary>
public sealed record AuditFilter(string? Caller = null, string? Action = null, string? Desk = null, string? Subject = null, DateTimeOffset? From = null, DateTimeOffset? To = null);
