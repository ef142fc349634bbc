namespace EGov.Biometrics.Service.Desks;

/// <summary>An operator's request for the desk's next capture taken from now on, valid for <see cref="Timeout"/>.</summary>
public sealed record CaptureRequest(string RequestId, TimeSpan Timeout);
