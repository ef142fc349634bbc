using System.Diagnostics;
using System.Runtime.Intrinsics.X86;
using EGov.Biometrics.Benchmarks.Load;
using EGov.Biometrics.Benchmarks.SituationCenter;
using EGov.Biometrics.Contracts.V1;
using Grpc.Core;

namespace EGov.Biometrics.Benchmarks.Cluster;

/// <summary>
/// The cluster measured against the single node in one run: the same gallery of synthetic subjects (templates)
/// enrolled through the front ends of 1, 2, 3 … silos over a throw-away PostgreSQL, then identify and verify under
/// the same closed loop, each silo's resident memory, identify answers compared with the single node's, the
/// scatter-gather cost (one silo, 1 shard against 3), and last a silo killed with SIGKILL under load.
/// </summary>
public sealed class ClusterBenchmark(Action<string> log)
{
    public async Task<ClusterBenchmarkResult> RunAsync(ClusterOptions options)
    {
        var folder = Directory.CreateTempSubdirectory("egov-bench-single-");
        ClusterRun single;
        IReadOnlyList<IdentifyResponse> reference;
        try
        {
            using var node = NodeProcess.SingleNode(folder.FullName);
            await node.StartAsync(LocalCluster.StartTimeout);
            (single, reference) = await MeasureAsync([node], LocalCluster.AdminKeyOf(node), 0, 1, options, null);
            log($"single node: {Describe(single)}");
        }
        finally
        {
            folder.Delete(recursive: true);
        }

        var runs = new List<ClusterRun>();
        KillRun? kill = null;
        foreach (var silos in options.Silos)
        {
            await using var cluster = await LocalCluster.StartAsync(silos, options.Shards);
            var (run, _) = await MeasureAsync(cluster.Silos, cluster.AdminKey, silos, options.Shards, options, reference);
            runs.Add(run);
            log($"{silos} silo(s), {options.Shards} shards: {Describe(run)}");
            if (options.Kill && silos == options.Silos.Max() && silos > 1)
            {
                kill = await KillAsync(cluster, options);
                log($"SIGKILL: {kill.Acknowledged} acknowledged, {kill.LostAcknowledged} lost, fully back after {kill.RecoverySeconds:F1} s; identify {kill.IdentifyOk} ok, {kill.IdentifyUnavailable} Unavailable, {kill.IdentifyOtherFailure} other failures, {kill.IdentifyPartial} partial");
            }
        }

        var levels = new List<ClusterRun>();
        foreach (var shards in new[] { 1, 3 })
        {
            await using var cluster = await LocalCluster.StartAsync(1, shards);
            var (run, _) = await MeasureAsync(cluster.Silos, cluster.AdminKey, 1, shards, options, reference);
            levels.Add(run);
            log($"scatter-gather, 1 silo, {shards} shard(s): identify {run.Identify.RequestsPerSecond:F0}/s p50 {run.Identify.P50Ms:F2} ms");
        }

        var scatter = new ScatterGather(levels[0].Identify, levels[1].Identify, levels[1].Identify.P50Ms / levels[0].Identify.P50Ms, levels[1].Identify.RequestsPerSecond / levels[0].Identify.RequestsPerSecond);
        var all = runs.Concat(levels).ToList();
        return new ClusterBenchmarkResult(
            CpuModel.Name(), Avx512F.IsSupported, Environment.ProcessorCount, options.Subjects, options.Clients, options.Duration.TotalSeconds,
            single, runs, scatter, kill,
            all.All(r => r.IdentifyEqualSingleNode),
            all.Append(single).All(r => r.IdentifiesChecked > 0 && r.ShardsAnsweredMin == r.ShardsTotal),
            kill?.LostAcknowledged, kill?.RecoverySeconds,
            $"Every silo, PostgreSQL and the load client share this machine's {Environment.ProcessorCount} cores: more silos add processes, not CPU, so throughput cannot grow with silos here. " +
            "What is measured: what a silo costs (memory, the fan-out to its shards), that answers stay equal to the single node's and come from every shard, and the recovery from a killed silo.");
    }

    private static string Describe(ClusterRun run) =>
        $"enrol {run.EnrolPerSecond:F0}/s; identify {run.Identify.RequestsPerSecond:F0}/s p99 {run.Identify.P99Ms:F1} ms; verify {run.Verify.RequestsPerSecond:F0}/s p99 {run.Verify.P99Ms:F1} ms; " +
        $"RSS {string.Join(" + ", run.ResidentMib.Select(m => $"{m:F0}"))} MiB; equal to the single node: {run.IdentifyEqualSingleNode}; shards answered at least {run.ShardsAnsweredMin} of {run.ShardsTotal}";

    // Enrols the gallery through every front end, then compares answers and runs identify and verify under the closed loop.
    private static async Task<(ClusterRun Run, IReadOnlyList<IdentifyResponse> Answers)> MeasureAsync(
        IReadOnlyList<NodeProcess> nodes, string adminKey, int silos, int shards, ClusterOptions options, IReadOnlyList<IdentifyResponse>? reference)
    {
        var caller = LocalCluster.Caller(adminKey);
        var channels = Enumerable.Range(0, Math.Max(options.Clients, nodes.Count)).Select(i => nodes[i % nodes.Count].OpenChannel()).ToArray();
        try
        {
            var clock = Stopwatch.StartNew();
            var n = options.Subjects;
            await Task.WhenAll(nodes.Select((_, i) => SyntheticSubjects.EnrolInBatchesAsync(
                new Enrollment.EnrollmentClient(channels[i]), caller, i * n / nodes.Count, (i + 1) * n / nodes.Count, Math.Max(1, 4 / nodes.Count))));
            var enrolPerSecond = n / clock.Elapsed.TotalSeconds;

            var answers = new List<IdentifyResponse>();
            for (var p = 0; p < options.ComparedProbes; p++)
            {
                var subject = (int)((long)p * n / options.ComparedProbes);
                answers.Add(await new Verification.VerificationClient(channels[p % nodes.Count]).IdentifyAsync(SyntheticSubjects.Identification(subject, draw: 1), caller));
            }

            var equal = reference is null || answers.Zip(reference).All(pair => Equal(pair.First, pair.Second));
            var identifiers = channels.Select(c => new Verification.VerificationClient(c)).ToArray();
            var identifications = Enumerable.Range(0, 1024).Select(i => (Subject: Subject(i, n), Request: SyntheticSubjects.Identification(Subject(i, n), draw: i))).ToArray();
            var verifications = Enumerable.Range(0, 1024).Select(i => SyntheticSubjects.Verification(Subject(i, n), draw: i)).ToArray();
            var least = int.MaxValue;
            var total = 0;
            long checkedCount = 0;
            var identify = await ClosedLoop.RunAsync("identify", options.Clients, options.Warmup, options.Duration, async (client, sequence) =>
            {
                var (subject, request) = identifications[sequence % identifications.Length];
                var answer = await identifiers[client].IdentifyAsync(request, caller);
                InterlockedMin(ref least, answer.ShardsAnswered);
                total = answer.ShardsTotal;
                Interlocked.Increment(ref checkedCount);
                return answer.Candidates.Count > 0 && answer.Candidates[0].Pinfl == SyntheticSubjects.Pinfl(subject);
            });
            var verify = await ClosedLoop.RunAsync("verify", options.Clients, options.Warmup, options.Duration, async (client, sequence) =>
                (await identifiers[client].VerifyAsync(verifications[sequence % verifications.Length], caller)).Match);
            var run = new ClusterRun(silos, shards, enrolPerSecond, identify, verify, [.. nodes.Select(node => Math.Round(node.ResidentMiB, 1))], equal, least == int.MaxValue ? 0 : least, total, checkedCount);
            return (run, answers);
        }
        finally
        {
            foreach (var channel in channels)
            {
                channel.Dispose();
            }
        }
    }

    // The silo holding the most shards is killed under load through the others' front ends (its shards must move); the silo is started again and every
    // acknowledged enrolment is verified through every silo in turn.
    private async Task<KillRun> KillAsync(LocalCluster cluster, ClusterOptions options)
    {
        var caller = LocalCluster.Caller(cluster.AdminKey);
        var victim = cluster.Silos.MaxBy(s => s.ShardsHeld)!;
        var shardsMoved = victim.ShardsHeld;
        var frontEnds = cluster.Silos.Where(s => s != victim).Select(s => s.OpenChannel()).ToArray();
        var load = new ClusterLoad(firstNew: options.Subjects);
        var clients = Math.Min(options.Clients, 8);
        double killedAt;
        try
        {
            using var stop = new CancellationTokenSource();
            var running = load.RunAsync(frontEnds, caller, options.Subjects, clients, stop.Token);
            await Task.Delay(TimeSpan.FromSeconds(5));
            killedAt = load.Now;
            victim.Kill();
            log($"{victim.Name} (holding {shardsMoved} shard grains) killed (SIGKILL) under load");
            while (!load.Stable(killedAt, 5) && load.Now - killedAt < 180)
            {
                await Task.Delay(500);
            }

            await stop.CancelAsync();
            await running;
        }
        finally
        {
            foreach (var channel in frontEnds)
            {
                channel.Dispose();
            }
        }

        var restart = Stopwatch.StartNew();
        await victim.StartAsync(LocalCluster.StartTimeout);
        var restartSeconds = restart.Elapsed.TotalSeconds;
        var lost = (await load.LostAsync(cluster.Silos, caller)).Count;
        var outcomes = load.Outcomes;
        var identifies = outcomes.Where(o => o.Call == "identify").ToList();
        return new KillRun(
            cluster.Silos.Count, shardsMoved, clients, load.Acknowledged.Count, lost, Recovery.Seconds(outcomes, killedAt),
            identifies.Count(o => o.Succeeded), identifies.Count(o => o.Status == StatusCode.Unavailable), identifies.Count(o => !o.Succeeded && o.Status != StatusCode.Unavailable),
            identifies.Count(o => o.Succeeded && (o.ShardsAnswered != o.ShardsTotal || !o.FoundProbed)),
            outcomes.Count(o => o.Call == "enrol" && !o.Succeeded), restartSeconds);
    }

    private static bool Equal(IdentifyResponse a, IdentifyResponse b) =>
        a.Candidates.Count == b.Candidates.Count
        && a.Candidates.Zip(b.Candidates).All(p => p.First.Pinfl == p.Second.Pinfl && Math.Abs(p.First.Similarity - p.Second.Similarity) <= 1e-5f);

    // A spread of enrolled subjects, the same for every configuration.
    private static int Subject(int i, int subjects) => (int)(unchecked((uint)i * 2654435761u) % (uint)subjects);

    private static void InterlockedMin(ref int target, int value)
    {
        var current = Volatile.Read(ref target);
        while (value < current)
        {
            var seen = Interlocked.CompareExchange(ref target, value, current);
            if (seen == current)
            {
                return;
            }

            current = seen;
        }
    }
}
