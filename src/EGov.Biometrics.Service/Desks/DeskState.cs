namespace EGov.Biometrics.Service.Desks;

/// <summary>One desk as the Situation Center shows it; <see cref="ActiveCheck"/>: its policy asks for the active liveness check.</summary>
public sealed record DeskState(
    string Desk, bool Online, DateTimeOffset? LastSeen, double Fps, int QueueDepth, long Captures, string Camera, string CameraError, string AgentVersion, string Centre = "", string Mode = DeskModes.Desk, bool ActiveCheck = DeskPolicies.ActiveCheckByDefault);
