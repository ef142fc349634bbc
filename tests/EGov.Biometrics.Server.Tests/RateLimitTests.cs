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

        var outcomes = new List<StatusCode>();
        for (var i = 0; i < 5; i++)
        {
            try
            {
                await client.VerifyAsync(request, server.As("supervisor"));
                outcomes.Add(StatusCode.OK);
            }
            catch (RpcException e)
            {
                Assert.Contains("per API key", e.Status.Detail, StringComparison.Ordinal);
                outcomes.Add(e.StatusCode);
            }
        }

        // The burst of two passes; the calls right after it are refused.
        Assert.Equal([StatusCode.OK, StatusCode.OK], outcomes.Take(2));
        Assert.Contains(StatusCode.ResourceExhausted, outcomes.Skip(2));
        Assert.False((await client.VerifyAsync(request, server.As("admin"))).Enrolled);
    }
}
