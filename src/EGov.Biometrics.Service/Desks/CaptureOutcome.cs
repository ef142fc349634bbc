namespace EGov.Biometrics.Service.Desks;

/// <summary>
/// What a device learns of its capture: recorded (with the decision id), a resend of one recorded before,
/// or refused (<see cref="Error"/>: drop it). Never who was recognised, only whether someone enrolled was.
/// </summary>
public sealed record CaptureOutcome(string IdempotencyKey, long DecisionId, bool Identified, bool Duplicate, string Error = "")
{
    /// <summary>The identification's presentation-attack refusal (liveness-failed, active-check-failed), empty when
    /// none: for the metrics only (the device is told nothing more than for any capture not identified).</summary>
    public string Refusal { get; init; } = string.Empty;

    /// <summary>The outcome as the metrics name it.</summary>
    public string Outcome => Error.Length > 0 ? "refused" : Duplicate ? "duplicate" : Refusal.Length > 0 ? Refusal : Identified ? "identified" : "not-identified";
}
