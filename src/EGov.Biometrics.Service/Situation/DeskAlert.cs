namespace EGov.Biometrics.Service.Situation;

/// <summary>Something at a desk that needs a person: <see cref="Kind"/> is one of <see cref="DeskAlertKinds"/>.</summary>
public sealed record DeskAlert(string Kind, string Message);
