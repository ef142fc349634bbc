namespace EGov.Biometrics.Service.Situation;

/// <summary>
/// One desk's figures for today (local day): visits seen by its camera and how long they lasted, operators'
/// verifications there (per local hour, matches, request-to-decision time), captures accepted and refused,
/// liveness failures; for a hall, how many wait now and how long those who left had waited.
/// </summary>
public sealed record DeskActivityFigures(
    long Visits,
    Percentiles? VisitDuration,
    long Verifications,
    long Matches,
    IReadOnlyList<int> VerificationsPerHour,
    Percentiles? RequestToDecision,
    long CapturesAccepted,
    long CapturesRejected,
    long LivenessFailures,
    DateTimeOffset? LastCapture,
    int Waiting,
    Percentiles? WaitingTime)
{
    public static readonly DeskActivityFigures None = new(0, null, 0, 0, new int[24], null, 0, 0, 0, null, 0, null);
}
