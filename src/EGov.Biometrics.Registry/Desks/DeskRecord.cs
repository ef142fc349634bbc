namespace EGov.Biometrics.Registry.Desks;

/// <summary>The last known state of a desk's agent, and the centre and mode ("desk" or "hall") it announced.</summary>
public sealed record DeskRecord(string Desk, DateTimeOffset LastSeen, string AgentVersion, string Camera, double Fps, int QueueDepth, string Centre = "", string Mode = "desk");
