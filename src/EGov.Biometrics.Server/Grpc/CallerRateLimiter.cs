using System.Threading.RateLimiting;

namespace EGov.Biometrics.Server.Grpc;

/// <summary>A token bucket per API key: a steady rate with a burst of twice that, so one caller cannot starve the rest.</summary>
internal sealed class CallerRateLimiter(int perSecond) : IDisposable
{
    private readonly PartitionedRateLimiter<string> _limiter = PartitionedRateLimiter.Create<string, string>(key =>
        RateLimitPartition.GetTokenBucketLimiter(key, _ => new TokenBucketRateLimiterOptions
        {
            TokenLimit = 2 * perSecond,
            TokensPerPeriod = perSecond,
            ReplenishmentPeriod = TimeSpan.FromSeconds(1),
            QueueLimit = 0,
            AutoReplenishment = true,
        }));

    public int PerSecond { get; } = perSecond;

    public bool TryAcquire(string keyId)
    {
        using var lease = _limiter.AttemptAcquire(keyId);
        return lease.IsAcquired;
    }

    public void Dispose() => _limiter.Dispose();
}
