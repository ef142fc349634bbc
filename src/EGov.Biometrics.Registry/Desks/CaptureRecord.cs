namespace EGov.Biometrics.Registry.Desks;

/// <summary>A capture an edge agent delivered: no image, only what identifies it and the decision it led to.</summary>
public sealed record CaptureRecord(string IdempotencyKey, string Desk, long TrackId, DateTimeOffset CapturedAt, float Quality);
