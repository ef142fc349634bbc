using EGov.Biometrics.Benchmarks.Cluster;
using EGov.Biometrics.Contracts.V1;
using Grpc.Core;
using Xunit.Abstractions;

namespace EGov.Biometrics.Cluster.Tests.Processes;

/// <summary>
/// Three silos on loopback over a real PostgreSQL; clients enrol and identify in a loop through the front ends of two
/// silos while the third, the one holding the most shards, is killed with SIGKILL (its shards must move). No
/// acknowledged enrolment is lost (each verifies afterwards, through every silo, the killed one restarted); every identify either succeeds with every shard answering (and
/// the probed citizen first) or fails with Unavailable; the service is fully back within <see cref="RecoveryBound"/>.
/// </summary>
[Collection(ProcessCollection.Name)]
public sealed class SiloKillProcessTests(ITestOutputHelper output)
{
    /// <summary>The recovery this test holds the cluster to (Orleans declares a silo dead after missed probes, then shards move).</summary>
    public static readonly TimeSpan RecoveryBound = TimeSpan.FromSeconds(60);

    private const int Seeded = 100;
    private const int Shards = 6;

    [Fact(Timeout = 600_000)]
    public async Task A_silo_killed_under_load_loses_no_acknowledged_enrolment_and_no_identify_answers_partially()
    {
        await using var cluster = await LocalCluster.StartAsync(silos: 3, shards: Shards);
        var caller = LocalCluster.Caller(cluster.AdminKey);
        var victim = cluster.Silos.MaxBy(s => s.ShardsHeld)!;
        var frontEnds = cluster.Silos.Where(s => s != victim).Select(s => s.OpenChannel()).ToArray();
        try
        {
            await SyntheticSubjects.EnrolAsync(new Enrollment.EnrollmentClient(frontEnds[0]), caller, 0, Seeded);
            var load = new ClusterLoad(firstNew: Seeded);
            using var stop = new CancellationTokenSource();
            var running = load.RunAsync(frontEnds, caller, Seeded, clients: 4, stop.Token);

            await Task.Delay(TimeSpan.FromSeconds(5));
            Assert.True(victim.ShardsHeld > 0, $"no silo says it holds a shard: {string.Join(", ", cluster.Silos.Select(s => $"{s.Name} {s.ShardsHeld}"))}");
            var killedAt = load.Now;
            output.WriteLine($"{victim.Name} (holding {victim.ShardsHeld} shard grains: {Shards} per model) killed at {killedAt:F2} s");
            victim.Kill();

            // Until the cluster has served every call for 5 s (or the bound, with some slack to see the failure).
            while (!load.Stable(killedAt, 5) && load.Now - killedAt < RecoveryBound.TotalSeconds + 30)
            {
                await Task.Delay(500);
            }

            await stop.CancelAsync();
            await running;
            var outcomes = load.Outcomes;
            var recovery = Recovery.Seconds(outcomes, killedAt);
            output.WriteLine($"recovery {recovery:F2} s; {outcomes.Count} calls, {load.Acknowledged.Count} enrolments acknowledged");
            foreach (var failed in outcomes.Where(o => !Recovery.Complete(o) || o.End - o.At > 1).Take(40))
            {
                output.WriteLine(failed.ToString());
            }

            output.WriteLine($"last call at {outcomes[^1].At:F2} s");

            var identifies = outcomes.Where(o => o.Call == "identify").ToList();
            Assert.Empty(identifies.Where(o => o.Succeeded && (o.ShardsAnswered != Shards || o.ShardsTotal != Shards || !o.FoundProbed)).Select(o => o.ToString()));
            Assert.Empty(identifies.Where(o => !o.Succeeded && o.Status != StatusCode.Unavailable).Select(o => o.ToString()));
            Assert.Contains(identifies, o => o.Succeeded && o.At > killedAt);
            Assert.NotNull(recovery);
            Assert.True(recovery <= RecoveryBound.TotalSeconds, $"fully back after {recovery:F1} s, over {RecoveryBound.TotalSeconds} s");
            Assert.Contains(outcomes, o => o.Call == "enrol" && o.Succeeded && o.At > killedAt + recovery);

            // The killed silo comes back; every acknowledged enrolment verifies through every silo.
            await victim.StartAsync(LocalCluster.StartTimeout);
            Assert.Empty(await load.LostAsync(cluster.Silos, caller));
        }
        finally
        {
            foreach (var channel in frontEnds)
            {
                channel.Dispose();
            }
        }
    }
}
