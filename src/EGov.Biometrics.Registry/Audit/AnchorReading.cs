namespace EGov.Biometrics.Registry.Audit;

/// <summary>One anchor file as read: its path and its anchor, null where the file is missing or empty.</summary>
public sealed record AnchorReading(string Path, AuditAnchor? Anchor);
