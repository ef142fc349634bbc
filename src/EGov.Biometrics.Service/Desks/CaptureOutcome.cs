namespace EGov.Biometrics.Service.Desks;

/// <summary>
/// What a device learns of its capture: recorded (with the decision id), a resend of one recorded before,
/// or refused (<see cref="Error"/>: drop it). Never who was recognised, only whether someone enrolled was.
/// </summary>
public sealed record CaptureOutcome(string IdempotencyKey, long DecisionId, bool Identified, bool Duplicate, string Error = "")
{
    /// <summary>The outcome as the metrics name it.</summary>
    public string Outcome => Error.Length > 0 ? "refused" : Duplicate ? "duplicate" : Identified ? "identified" : "not-identified";
}
