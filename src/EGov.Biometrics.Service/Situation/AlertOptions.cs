namespace EGov.Biometrics.Service.Situation;

/// <summary>
/// When a desk raises an alert. The rates are judged only once today has <see cref="MinSamples"/> captures
/// (rejections) or verifications (liveness): two refusals out of three say nothing yet.
/// </summary>
public sealed record AlertOptions(double RejectionRate, double LivenessRate, int MinSamples, TimeSpan CameraDownAfter)
{
    public static readonly AlertOptions Default = new(RejectionRate: 0.30, LivenessRate: 0.20, MinSamples: 20, CameraDownAfter: TimeSpan.FromSeconds(60));
}
