using EGov.Biometrics.Contracts.V1;
using Grpc.Core;

namespace EGov.Biometrics.Server.Tests;

/// <summary>Unauthenticated floods: its own server, since the flood spends this address's budget of failures.</summary>
public sealed class AuthenticationFloodTests(RunningServer server) : IClassFixture<RunningServer>
{
    [Fact]
    public async Task A_flood_of_wrong_keys_is_refused_before_the_key_store_and_counted_in_the_metrics()
    {
        var client = new Verification.VerificationClient(server.Channel);
        var supervisor = server.As("supervisor");
        Assert.Equal(StatusCode.InvalidArgument, await AuthorizationPolicyTests.StatusOf(server, (c, h) => client.VerifyAsync(new VerifyRequest(), h).ResponseAsync, supervisor));
        Task<StatusCode> Guess(int i) =>
            AuthorizationPolicyTests.StatusOf(server, (c, h) => client.VerifyAsync(new VerifyRequest(), h).ResponseAsync, new Metadata { { "x-api-key", $"egov_{i:x12}_guess" } });
        Assert.Equal(StatusCode.Unauthenticated, await Guess(0));

        // All at once, as a flood comes: the budget (20 failures a second, 40 at a burst) cannot refill while they
        // arrive, however slowly this machine answers each one.
        var statuses = await Task.WhenAll(Enumerable.Range(1, 120).Select(Guess));
        Assert.All(statuses, s => Assert.True(s is StatusCode.Unauthenticated or StatusCode.ResourceExhausted, $"{s}"));
        Assert.Contains(StatusCode.ResourceExhausted, statuses);

        // A key this server has seen recently still works from the same address during the flood.
        Assert.Equal(StatusCode.InvalidArgument, await AuthorizationPolicyTests.StatusOf(server, (c, h) => client.VerifyAsync(new VerifyRequest(), h).ResponseAsync, supervisor));

        using var http = new HttpClient();
        var metrics = await http.GetStringAsync($"{server.MetricsUrl}/metrics");
        Assert.Contains("egov_rpc_requests_total{method=\"/egov.biometrics.v1.Verification/Verify\",status=\"Unauthenticated\"}", metrics, StringComparison.Ordinal);
        Assert.Contains("egov_rpc_requests_total{method=\"/egov.biometrics.v1.Verification/Verify\",status=\"ResourceExhausted\"}", metrics, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Invented_method_paths_do_not_become_metric_series()
    {
        // The supervisor's key, not the admin's: the flood test may have just spent this address's failures,
        // and only a key this server has already verified passes from memory then.
        var bytes = Marshallers.Create(b => b, b => b);
        for (var i = 0; i < 20; i++)
        {
            var invented = new Method<byte[], byte[]>(MethodType.Unary, "egov.attack.v1.Invented", $"Method{i}", bytes, bytes);
            var error = await Assert.ThrowsAsync<RpcException>(async () =>
                await server.Channel.CreateCallInvoker().AsyncUnaryCall(invented, null, new CallOptions(server.As("supervisor")), []));
            Assert.Equal(StatusCode.PermissionDenied, error.StatusCode); // an unknown method falls to the admin-only policy
        }

        using var http = new HttpClient();
        var metrics = await http.GetStringAsync($"{server.MetricsUrl}/metrics");
        Assert.DoesNotContain("Invented", metrics, StringComparison.Ordinal);
        Assert.Contains("egov_rpc_requests_total{method=\"unmatched\",status=\"PermissionDenied\"}", metrics, StringComparison.Ordinal);
    }
}
