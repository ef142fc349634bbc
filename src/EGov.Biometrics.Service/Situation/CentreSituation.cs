namespace EGov.Biometrics.Service.Situation;

/// <summary>One service centre's desks and halls, each in name order.</summary>
public sealed record CentreSituation(string Centre, IReadOnlyList<DeskSituation> Desks, IReadOnlyList<HallSituation> Halls);
