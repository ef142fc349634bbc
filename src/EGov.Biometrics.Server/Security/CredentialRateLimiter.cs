using System.Threading.RateLimiting;

namespace EGov.Biometrics.Server.Security;

/// <summary>
/// A token bucket per credential: a steady rate with a burst of twice that, so one caller cannot starve the
/// rest. ASP.NET Core's rate-limiting middleware spends it per call; the desk stream spends it per capture.
/// </summary>
internal sealed class CredentialRateLimiter(int perSecond) : IDisposable
{
    public int PerSecond { get; } = perSecond;

    public PartitionedRateLimiter<string> Limiter { get; } = TokenBucketPerKey(perSecond);

    public string RefusalMessage => $"Rate limit: at most {PerSecond} requests per second per API key; retry shortly.";

    public bool TryAcquire(string credentialId)
    {
        using var lease = Limiter.AttemptAcquire(credentialId);
        return lease.IsAcquired;
    }

    public void Dispose() => Limiter.Dispose();

    /// <summary>A token bucket per key: <paramref name="perSecond"/> tokens a second, bursts of twice that, no queueing.</summary>
    internal static PartitionedRateLimiter<string> TokenBucketPerKey(int perSecond) => PartitionedRateLimiter.Create<string, string>(key =>
        RateLimitPartition.GetTokenBucketLimiter(key, _ => new TokenBucketRateLimiterOptions
        {
            TokenLimit = 2 * perSecond,
            TokensPerPeriod = perSecond,
            ReplenishmentPeriod = TimeSpan.FromSeconds(1),
            QueueLimit = 0,
            AutoReplenishment = true,
        }));
}
