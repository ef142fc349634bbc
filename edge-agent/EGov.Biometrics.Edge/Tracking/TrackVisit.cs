namespace EGov.Biometrics.Edge.Tracking;

/// <summary>A track that ended: the person was in view from <see cref="StartedAt"/> (first seen) to <see cref="EndedAt"/> (last seen).</summary>
public sealed record TrackVisit(long TrackId, DateTimeOffset StartedAt, DateTimeOffset EndedAt)
{
    public TimeSpan Duration => EndedAt - StartedAt;
}
