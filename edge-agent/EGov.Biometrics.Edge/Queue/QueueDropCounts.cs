namespace EGov.Biometrics.Edge.Queue;

/// <summary>Captures the queue removed without an acknowledgement, by reason, since it was opened.</summary>
/// <param name="DroppedFull">The oldest, dropped to make room (or a capture larger than the whole byte limit).</param>
/// <param name="DroppedExpired">Older than <see cref="QueueLimits.MaxAge"/>.</param>
/// <param name="DroppedCorrupt">Unreadable, truncated or failing authentication (tampered, or written under another key).</param>
public readonly record struct QueueDropCounts(long DroppedFull, long DroppedExpired, long DroppedCorrupt)
{
    public long Total => DroppedFull + DroppedExpired + DroppedCorrupt;
}
