namespace EGov.Biometrics.Service.Situation;

/// <summary>The kinds of <see cref="DeskAlert"/>.</summary>
public static class DeskAlertKinds
{
    /// <summary>No agent connected, or none heard from for three heartbeats.</summary>
    public const string AgentOffline = "agent-offline";

    /// <summary>The agent is connected but its camera has not been streaming for <see cref="AlertOptions.CameraDownAfter"/>.</summary>
    public const string CameraDown = "camera-down";

    /// <summary>Today's share of captures the server refused is above <see cref="AlertOptions.RejectionRate"/>.</summary>
    public const string RejectionRate = "rejection-rate";

    /// <summary>Today's share of verifications that failed liveness is above <see cref="AlertOptions.LivenessRate"/>.</summary>
    public const string LivenessRate = "liveness-rate";

    /// <summary>A credential at the desk was throttled for repeated failed verifications against one PINFL (<see cref="Decisions.VerificationPolicy"/>).</summary>
    public const string RepeatedAttempts = "repeated-attempts";
}
