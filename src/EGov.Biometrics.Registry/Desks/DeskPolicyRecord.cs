namespace EGov.Biometrics.Registry.Desks;

/// <summary>A desk's liveness policy as an admin last set it: whether its decisions need the active check, when and by whom.</summary>
public sealed record DeskPolicyRecord(string Desk, bool ActiveCheck, DateTimeOffset ChangedAt, string ChangedBy);
