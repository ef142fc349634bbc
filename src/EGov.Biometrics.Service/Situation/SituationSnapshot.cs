namespace EGov.Biometrics.Service.Situation;

/// <summary>Every known desk and hall at <see cref="At"/>, grouped by centre in name order.</summary>
public sealed record SituationSnapshot(DateTimeOffset At, IReadOnlyList<CentreSituation> Centres);
