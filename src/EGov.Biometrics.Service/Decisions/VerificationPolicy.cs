namespace EGov.Biometrics.Service.Decisions;

/// <summary>
/// The numbers that keep a verifier from turning decisions into an oracle, in one place. A credential gets
/// <see cref="MaxFailedAttempts"/> failed 1:1 decisions against one PINFL within <see cref="Window"/>; the next
/// attempt is refused until the oldest failure leaves the window, and the Situation Center shows an alert for
/// <see cref="Window"/>. A genuine citizen who fails twice at a desk still has retries; a hill-climb needs
/// hundreds. A desk capture answering an operator's request must be taken after the request, within
/// <see cref="CaptureClockSkew"/> of the server's clock either way (agent clocks are NTP-synchronised).
/// <see cref="MaxTracked"/> bounds the memory of failures (the oldest are forgotten first).
/// A credential that does not read scores (an operator, a device) also gets at most <see cref="MaxFailedPerCredential"/>
/// failed decisions over all PINFLs within <see cref="Window"/>: one failure per PINFL would otherwise tell it, a
/// hundred a second, who is enrolled (a busy desk fails a handful of verifications an hour).
/// </summary>
public sealed record VerificationPolicy(int MaxFailedAttempts, TimeSpan Window, TimeSpan CaptureClockSkew, int MaxTracked = 100_000, int MaxFailedPerCredential = 20)
{
    public static readonly VerificationPolicy Default = new(MaxFailedAttempts: 5, Window: TimeSpan.FromMinutes(15), CaptureClockSkew: TimeSpan.FromSeconds(2));
}
