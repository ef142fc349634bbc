namespace EGov.Biometrics.Edge.Queue;

/// <summary>The plaintext header of a queued capture file.</summary>
internal readonly record struct EnvelopeHeader(Guid IdempotencyKey, DateTimeOffset QueuedAt);
