using EGov.Biometrics.Contracts.V1;
using Google.Protobuf;
using Grpc.Core;

namespace EGov.Biometrics.Server.Tests;

/// <summary>
/// A caller without a credential costs the server nothing it can be made to spend: its call is refused from the
/// headers, before a byte of the body is read or parsed (issue 12, finding 5).
/// </summary>
public sealed class BoundedBeforeAuthenticationTests(RunningServer server) : IClassFixture<RunningServer>
{
    [Fact]
    public async Task Garbage_protobuf_without_a_key_is_refused_as_Unauthenticated_not_parsed()
    {
        // 0xFF bytes are no valid protobuf (field 31, wire type 7): parsed, they would fail as a broken message.
        var garbage = Enumerable.Repeat((byte)0xFF, 4096).ToArray();
        foreach (var method in RawCalls.UnaryMethods)
        {
            var (status, detail) = await RawCalls.SendAsync(server.Channel.CreateCallInvoker(), method, garbage, []);
            Assert.True(status == StatusCode.Unauthenticated, $"{method}: {status} {detail}");
            Assert.Contains("x-api-key", detail, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Garbage_protobuf_with_a_key_is_InvalidArgument_naming_the_request()
    {
        var garbage = Enumerable.Repeat((byte)0xFF, 4096).ToArray();
        var (status, detail) = await RawCalls.SendAsync(server.Channel.CreateCallInvoker(), "egov.biometrics.v1.Verification/Verify", garbage, server.As("supervisor"));
        Assert.Equal(StatusCode.InvalidArgument, status);
        Assert.Contains("VerifyRequest", detail, StringComparison.Ordinal);
    }
}

/// <summary>Calls without any credential from one address: its own server, since the flood spends that address's budget.</summary>
public sealed class AnonymousFloodTests(RunningServer server) : IClassFixture<RunningServer>
{
    [Fact]
    public async Task A_flood_of_calls_without_a_key_from_one_address_is_refused_with_ResourceExhausted()
    {
        var client = new Verification.VerificationClient(server.Channel);
        var supervisor = server.As("supervisor");
        Assert.Equal(StatusCode.InvalidArgument, await AuthorizationPolicyTests.StatusOf(server, (c, h) => client.VerifyAsync(new VerifyRequest(), h).ResponseAsync, supervisor));
        var statuses = new List<StatusCode>();
        for (var i = 0; i < 80; i++)
        {
            statuses.Add(await AuthorizationPolicyTests.StatusOf(server, (c, h) => client.VerifyAsync(new VerifyRequest(), h).ResponseAsync, []));
        }

        Assert.Equal(StatusCode.Unauthenticated, statuses[0]);
        Assert.Contains(StatusCode.ResourceExhausted, statuses.Skip(40));

        // A key the server has verified before still works from the same address during the flood.
        Assert.Equal(StatusCode.InvalidArgument, await AuthorizationPolicyTests.StatusOf(server, (c, h) => client.VerifyAsync(new VerifyRequest(), h).ResponseAsync, supervisor));
    }
}

/// <summary>A server that reads one large request at a time, so the cap shows with a few calls.</summary>
public sealed class OneLargeRequestServer : RunningServer
{
    protected override int MaxLargeRequests => 1;

    protected override int MaxLargeRequestsPerConnection => 1;
}

public sealed class LargeRequestCapTests(OneLargeRequestServer server) : IClassFixture<OneLargeRequestServer>
{
    [Fact(Timeout = 120_000)]
    public async Task Concurrent_large_requests_beyond_the_cap_are_refused_and_small_ones_pass()
    {
        var large = new VerifyRequest { Pinfl = "58888888888888", Probe = new Probe { Image = ByteString.CopyFrom(new byte[4 * 1024 * 1024]) } }.ToByteArray();
        var calls = Enumerable.Range(0, 40).Select(_ =>
            RawCalls.SendAsync(server.Channel.CreateCallInvoker(), "egov.biometrics.v1.Verification/Verify", large, server.As("admin"))).ToArray();
        var outcomes = await Task.WhenAll(calls);

        // Every call got a clear answer: the image was read and refused, or the call was refused before its body was read.
        Assert.All(outcomes, o => Assert.True(o.Status is StatusCode.InvalidArgument or StatusCode.ResourceExhausted, $"{o.Status}: {o.Detail}"));
        Assert.Contains(outcomes, o => o.Status == StatusCode.InvalidArgument);
        Assert.Contains(outcomes, o => o.Status == StatusCode.ResourceExhausted && o.Detail.Contains("large requests at once", StringComparison.Ordinal));

        // A small call is not counted against the cap.
        var small = new Verification.VerificationClient(server.Channel);
        Assert.False((await small.VerifyAsync(new VerifyRequest { Pinfl = "58888888888888", Probe = new Probe { Template = new Template { ModelId = "faceplugin-arcface-r512", Vector = { TestVectors.Unit(1) } } } }, server.As("admin"))).Enrolled);
    }
}
