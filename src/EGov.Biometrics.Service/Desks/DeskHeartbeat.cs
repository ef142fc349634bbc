namespace EGov.Biometrics.Service.Desks;

/// <summary>What an agent reports every few seconds: frame rate, queue depth, and its camera's state and last error.</summary>
public sealed record DeskHeartbeat(double Fps, int QueueDepth, string CameraState, string CameraError = "")
{
    public static readonly DeskHeartbeat Unknown = new(0, 0, "unknown");

    /// <summary>The same report with its strings cut to what the desk list shows (an agent cannot fill memory with them).</summary>
    public DeskHeartbeat Bounded() => this with { CameraState = Text.Bounded(CameraState, 32), CameraError = Text.Bounded(CameraError, 256) };
}
