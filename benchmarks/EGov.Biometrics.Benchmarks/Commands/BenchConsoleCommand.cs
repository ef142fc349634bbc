using System.CommandLine;
using EGov.Biometrics.Benchmarks.SituationCenter;
using EGov.Biometrics.CommandLine;

namespace EGov.Biometrics.Benchmarks.Commands;

/// <summary><c>egov-bench console</c>: the web console's Situation Center with thousands of simulated desks streaming to egov-server.</summary>
internal static class BenchConsoleCommand
{
    public static Command Create()
    {
        var desks = new Option<int>("--desks") { Description = "Simulated desks, each its own device key and stream.", DefaultValueFactory = _ => 3000 };
        var centres = new Option<int>("--centres") { Description = "Service centres the desks are dealt round.", DefaultValueFactory = _ => 30 };
        var seconds = new Option<double>("--seconds") { Description = "Each CPU window: the idle server, then every desk streaming.", DefaultValueFactory = _ => 30 };
        var loads = new Option<int>("--loads") { Description = "Page loads timed for the first render (0 with --updates 0: no browser, the server's CPU only).", DefaultValueFactory = _ => 5 };
        var updates = new Option<int>("--updates") { Description = "Desks stopped, one at a time, to time the page's update.", DefaultValueFactory = _ => 5 };
        var chromium = new Option<string>("--chromium") { Description = "The browser Playwright drives (headless).", DefaultValueFactory = _ => "/usr/bin/chromium" };
        var serverEnv = new Option<string[]>("--server-env") { Description = "NAME=VALUE added to egov-server's environment (e.g. DOTNET_EnableAVX512=0); repeatable.", DefaultValueFactory = _ => [] };
        var json = new Option<bool>("--json") { Description = "Print JSON." };
        var command = new Command("console", "Situation Center with simulated desks: first render and update time in a browser, and the server's CPU for the heartbeats against the idle server.")
        {
            desks, centres, seconds, loads, updates, chromium, serverEnv, json,
        };
        command.SetAction(async (parse, cancel) =>
        {
            var output = parse.InvocationConfiguration.Output;
            var error = parse.InvocationConfiguration.Error;
            var options = new SituationOptions
            {
                Desks = parse.GetValue(desks),
                Centres = parse.GetValue(centres),
                Window = TimeSpan.FromSeconds(parse.GetValue(seconds)),
                Loads = parse.GetValue(loads),
                Updates = parse.GetValue(updates),
                Chromium = parse.GetValue(chromium)!,
                ServerEnvironment = Environment(parse.GetValue(serverEnv)!),
            };
            if (options.Desks is < 1 or > 9999 || options.Centres is < 1 or > 99 || options.Window <= TimeSpan.Zero || options.Loads < 0 || options.Updates < 0 || (options.Loads == 0) != (options.Updates == 0))
            {
                throw new CommandException("--desks takes 1 to 9999, --centres 1 to 99, --seconds more than 0, --loads and --updates at least 1 (both 0: no browser, the server's CPU only).");
            }

            if (options.Updates > 0 && options.Updates + 1 > Math.Min(SituationPageTimer.PageSize, options.Desks))
            {
                throw new CommandException($"--updates {options.Updates} needs {options.Updates + 1} desks on the first page (one more is stopped untimed first); it shows {Math.Min(SituationPageTimer.PageSize, options.Desks)}.");
            }

            var started = DateTime.UtcNow;
            var r = await new SituationBenchmark(message => error.WriteLine($"[{DateTime.UtcNow - started:mm\\:ss}] {message}")).RunAsync(options);
            if (parse.GetValue(json))
            {
                Json.Write(output, r);
                return 0;
            }

            string Verdict(bool pass) => pass ? "pass" : "FAIL";
            output.WriteLine($"{r.Desks:N0} desks in {r.Centres} centres, {r.DesksConnected:N0} streaming (heartbeat every {r.HeartbeatSeconds} s); {r.CpuModel}, {r.Cores} cores{(r.ServerEnvironment.Count > 0 ? $"; server with {string.Join(' ', r.ServerEnvironment)}" : string.Empty)}:");
            if (r.FirstRender is { } render && r.Update is { } update)
            {
                output.WriteLine($"  {"figure",-34} {"median",9} {"max",9}  target");
                output.WriteLine($"  {"first render, ms (" + r.RowsOnFirstPage + " rows)",-34} {render.Median,9:F0} {render.Max,9:F0}  < {SituationTargets.MaxFirstRenderMs:F0} {Verdict(r.Targets.FirstRenderPass == true)}");
                output.WriteLine($"  {"update to the page, ms",-34} {update.Median,9:F0} {update.Max,9:F0}  < {SituationTargets.MaxUpdateMs:F0} {Verdict(r.Targets.UpdatePass == true)}");
            }

            output.WriteLine($"  server CPU over {r.WindowSeconds:F0} s, % of one core: idle {r.ServerCpuPercentIdle:F2}, streaming {r.ServerCpuPercentHeartbeats:F2} ({r.HeartbeatsInWindow:N0} heartbeats), heartbeats {r.ServerCpuPercentDifference:F2}  < {SituationTargets.MaxHeartbeatCpuPercent:F0} {Verdict(r.Targets.HeartbeatCpuPass)}");
            output.WriteLine($"  page total: {r.OnlineShown?.ToString("N0", System.Globalization.CultureInfo.InvariantCulture) ?? "?"} / {r.DesksShown?.ToString("N0", System.Globalization.CultureInfo.InvariantCulture) ?? "?"} online; desks connected in {r.ConnectSeconds:F1} s{(r.DeskFailures.Count > 0 ? $"; {r.DeskFailures.Count} streams failed, first: {r.DeskFailures[0]}" : string.Empty)}");
            return 0;
        });
        return command;
    }

    private static Dictionary<string, string> Environment(IEnumerable<string> pairs) => pairs.Select(pair =>
    {
        var at = pair.IndexOf('=');
        return at > 0 ? (Name: pair[..at], Value: pair[(at + 1)..]) : throw new CommandException($"--server-env takes NAME=VALUE, not '{pair}'.");
    }).ToDictionary(p => p.Name, p => p.Value, StringComparer.Ordinal);
}
