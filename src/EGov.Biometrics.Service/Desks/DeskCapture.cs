namespace EGov.Biometrics.Service.Desks;

/// <summary>
/// A capture as an edge agent sends it: its idempotency key, the crop aligned to <see cref="ModelId"/>'s
/// template, the track it came from, when it was taken (ISO 8601, as sent), the agent's quality and liveness
/// scores, and the operator request it answers (empty: none). The agent's liveness number is kept for the wire's
/// sake only: decisions use the server's own score of <see cref="LivenessFrames"/>.
/// </summary>
public sealed record DeskCapture(
    string IdempotencyKey, string ModelId, byte[] AlignedImage, long TrackId, string CapturedAt, float Quality, float Liveness, string RequestId = "")
{
    /// <summary>Context crops of the capture's track over its best-shot window (PNG), from which the server scores liveness.</summary>
    public IReadOnlyList<byte[]> LivenessFrames { get; init; } = [];
}
