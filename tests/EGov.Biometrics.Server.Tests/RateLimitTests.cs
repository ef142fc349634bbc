using EGov.Biometrics.Contracts.V1;
using Grpc.Core;

namespace EGov.Biometrics.Server.Tests;

/// <summary>A server allowing one request per second per key (bursts of two), so the limit shows without racing the clock.</summary>
public sealed class ThrottledServer : RunningServer
{
    protected override int RequestsPerSecondPerKey => 1;
}

public sealed class RateLimitTests(ThrottledServer server) : IClassFixture<ThrottledServer>
{
    [Fact]
    public async Task A_key_beyond_its_rate_is_throttled_and_other_keys_are_not()
    {
        var client = new Verification.VerificationClient(server.Channel);
        var request = new VerifyRequest { Pinfl = "58888888888888", Probe = new Probe { Template = new Template { ModelId = "faceplugin-arcface-r512", Vector = { TestVectors.Unit(10) } } } };

        // Sent at once, not one after another: on a slow machine a call that takes a second lets a token back in.
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var outcomes = await Task.WhenAll(Enumerable.Range(0, 8).Select(async _ =>
        {
            try
            {
                await client.VerifyAsync(request, server.As("supervisor"));
                return StatusCode.OK;
            }
            catch (RpcException e)
            {
                Assert.Contains("per API key", e.Status.Detail, StringComparison.Ordinal);
                return e.StatusCode;
            }
        }));
        var seconds = clock.Elapsed.TotalSeconds;

        // The burst of two passes (and one more for each second the calls took to arrive); the rest are refused.
        var passed = outcomes.Count(o => o == StatusCode.OK);
        Assert.InRange(passed, 2, 2 + (int)Math.Ceiling(seconds));
        Assert.All(outcomes.Where(o => o != StatusCode.OK), o => Assert.Equal(StatusCode.ResourceExhausted, o));
        Assert.Contains(StatusCode.ResourceExhausted, outcomes);
        Assert.False((await client.VerifyAsync(request, server.As("admin"))).Enrolled);
    }
}
