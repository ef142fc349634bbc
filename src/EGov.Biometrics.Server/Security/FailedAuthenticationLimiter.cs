using System.Threading.RateLimiting;

namespace EGov.Biometrics.Server.Security;

/// <summary>
/// Failed authentications per client address: beyond a burst, an address that keeps presenting bad keys (or
/// calls without any credential) is refused without a key-store lookup until its budget refills, so guessing
/// and flooding cost the server nothing.
/// </summary>
internal sealed class FailedAuthenticationLimiter(int perSecond) : IDisposable
{
    public const string Message = "Too many failed authentications from this address; retry later.";

    private readonly PartitionedRateLimiter<string> _limiter = CredentialRateLimiter.TokenBucketPerKey(perSecond);

    /// <summary>Whether the address has used up its failures (looks without spending).</summary>
    public bool IsBlocked(string address) => _limiter.GetStatistics(address)?.CurrentAvailablePermits <= 0;

    public void Record(string address)
    {
        using var lease = _limiter.AttemptAcquire(address);
    }

    /// <summary>The address a failure is charged to (the TCP peer, not a header the client chooses).</summary>
    public static string AddressOf(HttpContext context) => context.Connection.RemoteIpAddress?.ToString() ?? "unknown";

    public void Dispose() => _limiter.Dispose();
}
