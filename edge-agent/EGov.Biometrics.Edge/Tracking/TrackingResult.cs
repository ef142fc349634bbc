namespace EGov.Biometrics.Edge.Tracking;

/// <summary>What one <see cref="FaceTracker.Update"/> decided.</summary>
/// <param name="TrackIds">The track of each observation, in the order they were given.</param>
/// <param name="StartedTracks">Tracks that this frame started.</param>
/// <param name="EndedTracks">Tracks that ended at this frame (missed too often, unseen too long, or displaced at capacity).</param>
public sealed record TrackingResult(IReadOnlyList<long> TrackIds, IReadOnlyList<long> StartedTracks, IReadOnlyList<long> EndedTracks);
