using System.Diagnostics;
using EGov.Biometrics.Benchmarks.Load;
using EGov.Biometrics.Registry.Access;
using EGov.Biometrics.Registry.Crypto;
using EGov.Biometrics.Registry.Subjects;
using EGov.Biometrics.Server.Hosting;
using EGov.Biometrics.Service.Access;
using Microsoft.Data.Sqlite;

namespace EGov.Biometrics.Benchmarks.SituationCenter;

/// <summary>
/// The Situation Center with thousands of simulated desks. egov-server runs as its own process over a registry
/// seeded with one device key per desk and a supervisor account; the server's CPU is read from /proc over a
/// window while it is idle, then over the same window with every desk streaming heartbeats from this process;
/// then a headless browser signed in as the supervisor times the page's first render (from navigation start
/// to the first page of rows laid out) and how long a desk that stops takes to show Offline.
/// </summary>
public sealed class SituationBenchmark(Action<string> log)
{
    private const string Supervisor = "bench-supervisor";

    // The idle baseline needs the server settled: JIT and start-up work are over well before this.
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(3);

    // A page that never shows the change fails the run rather than hanging it.
    private static readonly TimeSpan UpdateTimeout = TimeSpan.FromSeconds(30);

    public async Task<SituationBenchmarkResult> RunAsync(SituationOptions options)
    {
        var folder = Directory.CreateTempSubdirectory("egov-situation-");
        try
        {
            var password = Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16));
            var clock = Stopwatch.StartNew();
            var keys = await SeedAsync(folder.FullName, options.Desks, password);
            log($"seeded {options.Desks:N0} device keys and the supervisor account in {clock.Elapsed.TotalSeconds:F1} s");

            var environment = ServerEnvironment(options.ServerEnvironment);
            await using var server = await ServerProcess.StartAsync(folder.FullName, 1000, TimeSpan.FromMinutes(2), environment);
            await Task.Delay(Settle);
            var idle = await ProcessCpu.PercentOfOneCoreAsync(server.Id, options.Window);
            log($"idle server: {idle:F2} % of one core over {options.Window.TotalSeconds:F0} s");

            clock.Restart();
            await using var fleet = await DeskFleet.ConnectAsync(server, folder.FullName, keys, options.Centres);
            var connectSeconds = clock.Elapsed.TotalSeconds;
            log($"{fleet.Desks.Count:N0} desks connected in {connectSeconds:F1} s over {(fleet.Desks.Count + DeskFleet.StreamsPerConnection - 1) / DeskFleet.StreamsPerConnection} HTTP/2 connections; heartbeat every {fleet.HeartbeatSeconds} s");

            // One full interval first: every desk has sent its first (randomly phased) beat and the connect burst is over.
            await Task.Delay(TimeSpan.FromSeconds(fleet.HeartbeatSeconds) + Settle);
            var beatsBefore = fleet.Heartbeats;
            var streaming = await ProcessCpu.PercentOfOneCoreAsync(server.Id, options.Window);
            var beats = fleet.Heartbeats - beatsBefore;
            log($"streaming server: {streaming:F2} % of one core ({beats:N0} heartbeats, {beats / options.Window.TotalSeconds:F0}/s)");

            // --loads 0 --updates 0: the server's CPU alone, no browser.
            var (rows, total, renders, updates) = options.Loads + options.Updates > 0
                ? await TimePageAsync(server.Address, fleet, password, options)
                : (0, null, [], []);
            var failures = fleet.Failures();
            var firstRender = renders.Count > 0 ? TimingSummary.Of(renders) : null;
            var update = updates.Count > 0 ? TimingSummary.Of(updates) : null;
            return new SituationBenchmarkResult(
                CpuModel.Name(), Environment.ProcessorCount, [.. environment.Select(e => $"{e.Key}={e.Value}")],
                options.Desks, options.Centres, fleet.Desks.Count - failures.Count, failures, Math.Round(connectSeconds, 2),
                fleet.HeartbeatSeconds, beats, options.Window.TotalSeconds,
                Math.Round(idle, 2), Math.Round(streaming, 2), Math.Round(streaming - idle, 2),
                rows, total?.Online, total?.Desks, firstRender, update,
                SituationTargets.Judge(firstRender?.Median, update?.Median, streaming - idle));
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            folder.Delete(recursive: true);
        }
    }

    // A server from a build's output (not a publish) has no wwwroot: egov-server finds the console's static files
    // (blazor.web.js among them) through the build's static web assets manifest in every environment. A server
    // copied into egov-bench's own publish has neither: the page would render but never go live, so refuse.
    private static Dictionary<string, string> ServerEnvironment(IReadOnlyDictionary<string, string> asked)
    {
        var folder = Path.GetDirectoryName(ServerProcess.Locate().Dll)!;
        if (!Directory.Exists(Path.Combine(folder, "wwwroot")) && !File.Exists(Path.Combine(folder, "egov-server.staticwebassets.runtime.json")))
        {
            throw new InvalidOperationException($"The egov-server in {folder} has no console files (no wwwroot, no static web assets manifest): run './build.sh setup', which publishes it to artifacts/publish/egov-server.");
        }

        return new Dictionary<string, string>(asked, StringComparer.Ordinal);
    }

    private async Task<(int Rows, (int Online, int Desks)? Total, List<double> Renders, List<double> Updates)> TimePageAsync(
        string address, DeskFleet fleet, string password, SituationOptions options)
    {
        var expectedRows = Math.Min(SituationPageTimer.PageSize, options.Desks);
        await using var page = await SituationPageTimer.SignInAsync(options.Chromium, address, Supervisor, password);
        var renders = new List<double>();
        for (var i = 0; i < options.Loads; i++)
        {
            renders.Add(Math.Round(await page.FirstRenderAsync(expectedRows), 1));
            log($"first render {i + 1}: {renders[^1]:F0} ms (request sent {page.LastBreakdown[0]:F0}, first byte {page.LastBreakdown[1]:F0}, document {page.LastBreakdown[2]:F0}, DOMContentLoaded {page.LastBreakdown[3]:F0}, first paint {page.LastBreakdown[4]:F0} ms)");
        }

        var rows = await page.RowsAsync();
        var total = await page.OnlineCountAsync();

        // Desks spread over the page; one more first, untimed, proves the live connection is up before timing starts.
        var online = rows.Where(r => r.Status == "Online").Select(r => r.Desk).ToList();
        if (online.Count < options.Updates + 1)
        {
            throw new InvalidOperationException($"The page shows {online.Count} desks Online of {rows.Count} rows; {options.Updates + 1} are needed to time updates.");
        }

        var chosen = Enumerable.Range(0, options.Updates + 1).Select(i => online[i * (online.Count - 1) / options.Updates]).ToList();
        var byName = fleet.Desks.ToDictionary(d => d.Desk, StringComparer.Ordinal);
        var updates = new List<double>();
        foreach (var (desk, n) in chosen.Select((d, n) => (d, n)))
        {
            var ms = await page.TimeUntilStatusAsync(desk, "Offline", () => byName[desk].StopAsync(), UpdateTimeout);
            if (n > 0)
            {
                updates.Add(Math.Round(ms, 1));
            }

            log($"{desk} stopped: Offline on the page after {ms:F0} ms{(n == 0 ? " (warm-up, not counted)" : string.Empty)}");

            // Apart by more than the page's coalescing window, so each change is timed on its own.
            await Task.Delay(TimeSpan.FromSeconds(1));
        }

        return (rows.Count, total, renders, updates);
    }

    // Keys straight into the registry before the server starts (as an installer's script would); the supervisor
    // through the domain's People, as an administrator makes accounts.
    private static async Task<IReadOnlyList<string>> SeedAsync(string folder, int desks, string password)
    {
        var data = new DataDirectory(folder);
        var store = new ApiKeyStore(data.Database);
        var keys = new string[desks];
        Parallel.For(0, desks, new ParallelOptions { MaxDegreeOfParallelism = 8 }, i => keys[i] = store.Create(Roles.Device, DeskFleet.DeskName(i + 1)));

        using var registry = new SubjectRegistry(data.Database, new TemplateCipher(data.Keys), data.PathOf(DataDirectory.AuditAnchorFile));
        var people = new People(new PersonStore(registry), SignInOptions.Default, TimeProvider.System);
        await people.CreateAsync(Supervisor, Roles.Supervisor, string.Empty, "en", password, new Caller("bench:installer", Roles.Admin, string.Empty));
        return keys;
    }
}
