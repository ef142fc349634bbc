namespace EGov.Biometrics.Service.Situation;

/// <summary>A waiting hall's camera: people waiting now (0 while its agent is offline) and today's waiting time percentiles in seconds.</summary>
public sealed record HallSituation(string Desk, string Centre, bool Online, int WaitingNow, Percentiles? WaitingTime);
