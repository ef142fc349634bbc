using System.CommandLine;
using EGov.Biometrics.Benchmarks.Load;
using EGov.Biometrics.CommandLine;

namespace EGov.Biometrics.Benchmarks.Commands;

/// <summary><c>egov-bench load</c>: verify-by-template and verify-by-crop against a running egov-server with a seeded registry.</summary>
internal static class BenchLoadCommand
{
    public static Command Create()
    {
        var subjects = new Option<int>("--subjects") { Description = "Registry size (synthetic subjects, one template each).", DefaultValueFactory = _ => 100_000 };
        var clients = new Option<int[]>("--clients") { Description = "Concurrent clients per level.", DefaultValueFactory = _ => [1, 16, 64], AllowMultipleArgumentsPerToken = true };
        var seconds = new Option<double>("--seconds") { Description = "Measured seconds per template level (after 2 s of warm-up).", DefaultValueFactory = _ => 10 };
        var cropSeconds = new Option<double>("--crop-seconds") { Description = "Measured seconds per aligned-crop level.", DefaultValueFactory = _ => 6 };
        var json = new Option<bool>("--json") { Description = "Print JSON." };
        var command = new Command("load", "Service throughput and p50/p99 latency: verify by template and by aligned crop at 1, 16 and 64 clients.")
        {
            subjects, clients, seconds, cropSeconds, json,
        };
        command.SetAction(async (parse, cancel) =>
        {
            var output = parse.InvocationConfiguration.Output;
            var error = parse.InvocationConfiguration.Error;
            var levels = parse.GetValue(clients)!;
            if (levels.Length == 0 || levels.Any(c => c is < 1 or > 1024) || parse.GetValue(subjects) < 1)
            {
                throw new CommandException("--clients takes 1 to 1024 per level and --subjects at least 1.");
            }

            using var vision = new VisionContext();
            var started = DateTime.UtcNow;
            var r = await new LoadBenchmark(vision.Pipeline, message => error.WriteLine($"[{DateTime.UtcNow - started:mm\\:ss}] {message}")).RunAsync(new LoadOptions
            {
                Subjects = parse.GetValue(subjects),
                Clients = levels,
                Duration = TimeSpan.FromSeconds(parse.GetValue(seconds)),
                CropDuration = TimeSpan.FromSeconds(parse.GetValue(cropSeconds)),
            });
            if (parse.GetValue(json))
            {
                Json.Write(output, r);
                return 0;
            }

            output.WriteLine($"{r.Subjects:N0} subjects, client and server on the same {r.Cores} cores, TLS, one connection and key per client:");
            output.WriteLine($"  {"probe",-9} {"clients",7} {"req/s",9} {"p50 ms",8} {"p99 ms",8} {"errors",7}  ratio");
            foreach (var (level, floor) in r.Template.Zip(r.Baseline))
            {
                output.WriteLine($"  {"health",-9} {floor.Clients,7} {floor.RequestsPerSecond,9:F0} {floor.P50Ms,8:F2} {floor.P99Ms,8:F2} {floor.Errors,7}  (baseline: gRPC over TLS, no work)");
                output.WriteLine($"  {"template",-9} {level.Clients,7} {level.RequestsPerSecond,9:F0} {level.P50Ms,8:F2} {level.P99Ms,8:F2} {level.Errors,7}  {level.RatioToBaseline:F2} of the baseline");
            }

            foreach (var level in r.Crop)
            {
                output.WriteLine($"  {"crop",-9} {level.Clients,7} {level.RequestsPerSecond,9:F1} {level.P50Ms,8:F2} {level.P99Ms,8:F2} {level.Errors,7}  {level.RatioToBaseline:F2} of the embedder alone ({r.EmbedderAlonePerSecond:F1}/s)");
            }

            output.WriteLine($"  genuine template probes matched: {r.GenuineMatchRate:P2}; seeding {r.SeedSeconds:F1} s, server start {r.ServerStartSeconds:F1} s");
            return 0;
        });
        return command;
    }
}
