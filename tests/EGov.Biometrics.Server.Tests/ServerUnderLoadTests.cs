using EGov.Biometrics.Edge.TestSupport;
using System.Diagnostics;
using EGov.Biometrics.Contracts.V1;
using EGov.Biometrics.Vision.Models;
using Google.Protobuf;
using Grpc.Core;
using Grpc.Health.V1;
using Xunit.Abstractions;

namespace EGov.Biometrics.Server.Tests;

/// <summary>Measurements on a server process of its own, run alone: other tests' work would be counted in them.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ServerUnderLoadCollection
{
    public const string Name = "server under load";
}

/// <summary>
/// Issue 12, finding 5: a flood of large calls without a key must not cost the server memory, and health checks
/// must be answered while hundreds of image verifications queue (a load balancer would otherwise take the node out).
/// </summary>
[Collection(ServerUnderLoadCollection.Name)]
public sealed class ServerUnderLoadTests(ITestOutputHelper output)
{
    private const string Verify = "egov.biometrics.v1.Verification/Verify";

    // A protected method, and the health check anyone may call: neither reads a stranger's 15 MB.
    [Theory(Timeout = 300_000)]
    [InlineData(Verify)]
    [InlineData("grpc.health.v1.Health/Check")]
    public async Task Sixty_concurrent_15_MB_calls_without_a_key_raise_the_servers_resident_memory_by_under_200_MiB(string method)
    {
        await using var server = await ServerProcess.StartAsync();
        var image = new byte[15 * 1024 * 1024];
        new Random(12).NextBytes(image);
        var body = new VerifyRequest { Pinfl = "30000000000004", Probe = new Probe { Image = ByteString.CopyFrom(image) } }.ToByteArray();

        // Six connections of ten calls each, as several clients would open; connected before the baseline.
        var channels = Enumerable.Range(0, 6).Select(_ => server.OpenChannel()).ToList();
        foreach (var channel in channels)
        {
            await new Health.HealthClient(channel).CheckAsync(new HealthCheckRequest());
        }

        await Task.Delay(500);
        var before = server.ResidentMiB;
        var peak = before;
        using var done = new CancellationTokenSource();
        var sampler = Task.Run(async () =>
        {
            while (!done.IsCancellationRequested)
            {
                peak = Math.Max(peak, server.ResidentMiB);
                await Task.Delay(10);
            }
        });

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 60).Select(i => RawCalls.SendAsync(channels[i % channels.Count].CreateCallInvoker(), method, body, [])));
        await Task.Delay(1000);
        await done.CancelAsync();
        await sampler;
        peak = Math.Max(peak, server.ResidentMiB);
        channels.ForEach(c => c.Dispose());

        output.WriteLine($"{method}: resident memory {before:F0} MiB before, {peak:F0} MiB at most");
        Assert.True(peak - before < 200, $"resident memory rose from {before:F0} MiB to {peak:F0} MiB");

        // Refused for the missing key, or (past the address's budget of failures, or too large for a caller without
        // one) as ResourceExhausted; never read and parsed.
        Assert.All(outcomes, o => Assert.True(o.Status is StatusCode.Unauthenticated or StatusCode.ResourceExhausted, $"{o.Status}: {o.Detail}"));
    }

    [Fact(Timeout = 600_000)]
    public async Task Health_is_answered_within_100_ms_p99_while_200_image_verifications_queue()
    {
        await using var server = await ServerProcess.StartAsync("--rate-limit", "1000");
        var photo = new Probe { Image = ByteString.CopyFrom(SamplePortraits.Bytes(1)) };
        // A PINFL per verification: the attempt throttle allows one credential 5 failures against one PINFL.
        VerifyRequest Request(int i) => new() { Pinfl = $"30000000{i:D6}", Probe = photo };
        var key = ServerProcess.Key(server.AdminKey);
        using var clients = server.OpenChannel();
        using var balancer = server.OpenChannel();
        var verification = new Verification.VerificationClient(clients);
        var health = new Health.HealthClient(balancer);

        // The first verification loads the models; the queue is measured after it.
        await verification.VerifyAsync(Request(200), key);
        await health.CheckAsync(new HealthCheckRequest());

        // Measured on this (test) process's side, so a stall here — the test host shares two cores with other test
        // classes — counts against the server. A second queue decides when the first misses: a server that starves
        // its health check misses both.
        var summaries = new List<string>();
        for (var round = 0; round < 2; round++)
        {
            var (p99, summary) = await HealthWhileQueuedAsync(verification, health, key, Request);
            summaries.Add(summary);
            output.WriteLine(summary);
            if (p99 < 100)
            {
                return;
            }
        }

        Assert.Fail(string.Join("; ", summaries));
    }

    // 200 verifications queued at once; the health RPC checked every 25 ms until 20 are left. Its p99 and a summary.
    private static async Task<(double P99, string Summary)> HealthWhileQueuedAsync(
        Verification.VerificationClient verification, Health.HealthClient health, Metadata key, Func<int, VerifyRequest> request)
    {
        var verifications = Enumerable.Range(0, 200).Select(i => verification.VerifyAsync(request(i), key).ResponseAsync).ToList();
        var latencies = new List<double>();
        while (verifications.Count(v => !v.IsCompleted) > 20)
        {
            var start = Stopwatch.GetTimestamp();
            var answer = await health.CheckAsync(new HealthCheckRequest());
            latencies.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
            Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, answer.Status);
            await Task.Delay(25);
        }

        var answers = await Task.WhenAll(verifications);
        Assert.All(answers, a => Assert.False(a.Match)); // not enrolled: the images were analysed, nothing matched
        latencies.Sort();
        var p99 = latencies[(int)Math.Ceiling(0.99 * latencies.Count) - 1];
        var summary = $"health p99 {p99:F1} ms over {latencies.Count} checks (max {latencies[^1]:F1} ms) on {Environment.ProcessorCount} cores";
        Assert.True(latencies.Count >= 50, $"only {latencies.Count} health checks while the verifications queued: {summary}");
        return (p99, summary);
    }
}
