namespace EGov.Biometrics.Registry.Desks;

/// <summary>The last known state of a desk's agent.</summary>
public sealed record DeskRecord(string Desk, DateTimeOffset LastSeen, string AgentVersion, string Camera, double Fps, int QueueDepth);
