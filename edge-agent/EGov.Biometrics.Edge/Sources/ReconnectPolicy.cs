namespace EGov.Biometrics.Edge.Sources;

/// <summary>
/// Exponential backoff between reopen attempts. Jitter spreads the retries of many desks that lost the
/// same network at once, so they do not hammer a camera or switch in step.
/// </summary>
public sealed record ReconnectPolicy
{
    public static ReconnectPolicy Default { get; } = new();

    public TimeSpan InitialDelay { get; init; } = TimeSpan.FromMilliseconds(500);

    public TimeSpan MaxDelay { get; init; } = TimeSpan.FromSeconds(30);

    public double Multiplier { get; init; } = 2;

    /// <summary>Each delay is scaled by a random factor in [1 − Jitter, 1 + Jitter], then capped at <see cref="MaxDelay"/>.</summary>
    public double Jitter { get; init; } = 0.2;

    /// <summary>The wait before try number <paramref name="failedAttempts"/> + 1, after that many failures in a row (1 or more).</summary>
    public TimeSpan DelayAfter(int failedAttempts, Random random)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(failedAttempts, 1);
        ArgumentNullException.ThrowIfNull(random);
        var cap = MaxDelay.TotalMilliseconds;
        var exponential = Math.Min(cap, InitialDelay.TotalMilliseconds * Math.Pow(Multiplier, Math.Min(failedAttempts - 1, 64)));
        var jittered = exponential * (1 + (Jitter * ((2 * random.NextDouble()) - 1)));
        return TimeSpan.FromMilliseconds(Math.Clamp(jittered, 0, cap));
    }
}
