using System.CommandLine;
using EGov.Biometrics.Benchmarks.Cluster;
using EGov.Biometrics.CommandLine;

namespace EGov.Biometrics.Benchmarks.Commands;

/// <summary><c>egov-bench cluster</c>: the cluster (PostgreSQL and 1, 2, 3 … silos) against the single node, with a silo killed under load.</summary>
internal static class BenchClusterCommand
{
    public static Command Create()
    {
        var silos = new Option<int[]>("--silos") { Description = "Silo counts to measure, one cluster each.", DefaultValueFactory = _ => [1, 2, 3], AllowMultipleArgumentsPerToken = true };
        var subjects = new Option<int>("--subjects") { Description = "Gallery size (synthetic subjects, enrolled as templates through the front ends).", DefaultValueFactory = _ => 10_000 };
        var shards = new Option<int>("--shards") { Description = "The gallery's shards in the silo-count runs.", DefaultValueFactory = _ => 12 };
        var clients = new Option<int>("--clients") { Description = "Concurrent clients (each its own connection, spread over the front ends).", DefaultValueFactory = _ => 16 };
        var seconds = new Option<double>("--seconds") { Description = "Measured seconds per level (after 2 s of warm-up).", DefaultValueFactory = _ => 10 };
        var noKill = new Option<bool>("--no-kill") { Description = "Leave out the SIGKILL run." };
        var json = new Option<bool>("--json") { Description = "Print JSON." };
        var command = new Command("cluster", "The cluster against the single node: identify and verify throughput and p99, per-silo memory, scatter-gather (1 vs 3 shards), a silo killed with SIGKILL under load.")
        {
            silos, subjects, shards, clients, seconds, noKill, json,
        };
        command.SetAction(async (parse, cancel) =>
        {
            var output = parse.InvocationConfiguration.Output;
            var error = parse.InvocationConfiguration.Error;
            var counts = parse.GetValue(silos)!;
            if (counts.Length == 0 || counts.Any(c => c is < 1 or > 16) || parse.GetValue(subjects) < 100 || parse.GetValue(shards) < 1 || parse.GetValue(clients) < 1)
            {
                throw new CommandException("--silos takes 1 to 16 per run, --subjects at least 100, --shards and --clients at least 1.");
            }

            var started = DateTime.UtcNow;
            var r = await new ClusterBenchmark(message => error.WriteLine($"[{DateTime.UtcNow - started:mm\\:ss}] {message}")).RunAsync(new ClusterOptions
            {
                Silos = counts,
                Subjects = parse.GetValue(subjects),
                Shards = parse.GetValue(shards),
                Clients = parse.GetValue(clients),
                Duration = TimeSpan.FromSeconds(parse.GetValue(seconds)),
                Kill = !parse.GetValue(noKill),
            });
            if (parse.GetValue(json))
            {
                Json.Write(output, r);
                return 0;
            }

            output.WriteLine($"{r.Subjects:N0} subjects, {r.Clients} clients, {r.Cpu} ({r.Cores} cores{(r.Avx512 ? ", AVX-512" : string.Empty)}):");
            output.WriteLine($"  {"silos",5} {"shards",6} {"batch enrol/s",14} {"identify/s",10} {"p99 ms",8} {"verify/s",9} {"p99 ms",8}  resident MiB per process");
            foreach (var run in r.Runs.Prepend(r.SingleNode))
            {
                output.WriteLine($"  {(run.Silos == 0 ? "single" : run.Silos.ToString(System.Globalization.CultureInfo.InvariantCulture)),5} {run.Shards,6} {run.EnrolPerSecond,14:F0} {run.Identify.RequestsPerSecond,10:F0} {run.Identify.P99Ms,8:F1} {run.Verify.RequestsPerSecond,9:F0} {run.Verify.P99Ms,8:F1}  {string.Join(", ", run.ResidentMib.Select(m => m.ToString("F0", System.Globalization.CultureInfo.InvariantCulture)))}");
            }

            output.WriteLine($"  scatter-gather (1 silo): 3 shards against 1: p50 x{r.ScatterGather.P50Ratio:F2}, throughput x{r.ScatterGather.ThroughputRatio:F2}");
            output.WriteLine($"  identify equal to the single node: {r.IdentifyEqualSingleNode}; every shard answered every identify: {r.ShardsAnsweredEveryIdentify}");
            if (r.Kill is { } kill)
            {
                output.WriteLine($"  SIGKILL of one of {kill.Silos} silos: {kill.Acknowledged} enrolments acknowledged, {kill.LostAcknowledged} lost; fully back after {kill.RecoverySeconds:F1} s; identify {kill.IdentifyOk} ok, {kill.IdentifyUnavailable} Unavailable, {kill.IdentifyOtherFailure} other, {kill.IdentifyPartial} partial");
            }

            output.WriteLine($"  {r.Note}");
            return 0;
        });
        return command;
    }
}
