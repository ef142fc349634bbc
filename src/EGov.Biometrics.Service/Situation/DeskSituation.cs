using EGov.Biometrics.Service.Desks;

namespace EGov.Biometrics.Service.Situation;

/// <summary>
/// One service desk on the Situation Center: its agent (online, last seen, camera state and error, frames per
/// second, capture queue depth, last capture), today's figures (visits, verifications, verifications per local
/// hour 0..23, match rate, visit duration and request-to-decision percentiles in seconds, null without data)
/// and its alerts; <see cref="ActiveCheck"/>: its policy asks for the active liveness check.
/// </summary>
public sealed record DeskSituation(
    string Desk,
    string Centre,
    bool Online,
    DateTimeOffset? LastSeen,
    string Camera,
    string CameraError,
    double Fps,
    int QueueDepth,
    DateTimeOffset? LastCapture,
    long VisitsToday,
    long VerificationsToday,
    IReadOnlyList<int> VerificationsPerHour,
    double? MatchRate,
    Percentiles? VisitDuration,
    Percentiles? RequestToDecision,
    IReadOnlyList<DeskAlert> Alerts,
    bool ActiveCheck = DeskPolicies.ActiveCheckByDefault);
