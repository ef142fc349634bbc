using System.Numerics;
using EGov.Biometrics.Vision.Imaging;

namespace EGov.Biometrics.Edge;

/// <summary>
/// The best shot of one track in one window, as the edge sends it to the matching service.
/// </summary>
/// <param name="IdempotencyKey">A UUIDv7, unique per capture: the server accepts a capture once however often it is retried.</param>
/// <param name="TrackId">The tracker's id of the person in front of the camera (unique per agent run).</param>
/// <param name="FrameIndex">Index of the frame the face comes from.</param>
/// <param name="CapturedAt">When that frame was captured (UTC).</param>
/// <param name="AlignedPng">The face aligned to the embedder's template (112x112 for ArcFace), PNG-encoded: lossless, so the server embeds what the edge saw.</param>
/// <param name="Box">The detection box in the original frame.</param>
/// <param name="DetectionScore">The detector's confidence.</param>
/// <param name="Landmarks5">Eye centres, nose tip, mouth corners in the original frame.</param>
/// <param name="Landmarks68">The 68 iBUG points in the original frame.</param>
/// <param name="Quality">The overall quality score in [0, 1] (the face passed every quality gate).</param>
/// <param name="Liveness">The passive liveness score in [0, 1], when the agent computed one (for its own log: the server ignores it and scores <see cref="LivenessFrames"/> itself).</param>
public sealed record FaceCapture(
    Guid IdempotencyKey,
    long TrackId,
    long FrameIndex,
    DateTimeOffset CapturedAt,
    byte[] AlignedPng,
    FaceBox Box,
    float DetectionScore,
    IReadOnlyList<Vector2> Landmarks5,
    IReadOnlyList<Vector2> Landmarks68,
    float Quality,
    float? Liveness)
{
    /// <summary>
    /// Context crops of the same track spread over the best-shot window (<see cref="Vision.Liveness.LivenessContext"/>,
    /// PNG): the server judges liveness over the visit from these, never from a number the agent reports.
    /// </summary>
    public IReadOnlyList<byte[]> LivenessFrames { get; init; } = [];
}
