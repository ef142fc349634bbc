namespace EGov.Biometrics.Service.Desks;

/// <summary>A capture that answers an operator's request, and where its decision id goes once recorded.</summary>
public sealed record RequestedCapture(DeskCapture Capture, TaskCompletionSource<long> Recorded);
