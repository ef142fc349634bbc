using System.Diagnostics;
using EGov.Biometrics.Benchmarks.Matching;
using EGov.Biometrics.Contracts.V1;
using EGov.Biometrics.Registry.Access;
using EGov.Biometrics.Service.Access;
using EGov.Biometrics.Registry.Audit;
using EGov.Biometrics.Registry.Crypto;
using EGov.Biometrics.Registry.Subjects;
using EGov.Biometrics.Server.Hosting;
using EGov.Biometrics.Vision.Embedding;
using EGov.Biometrics.Vision.Imaging;
using EGov.Biometrics.Vision.Pipeline;
using Google.Protobuf;
using Grpc.Core;
using Grpc.Health.V1;
using Grpc.Net.Client;
using OpenCvSharp;

namespace EGov.Biometrics.Benchmarks.Load;

/// <summary>
/// The matching service under load, client and server on this machine: a registry of synthetic subjects
/// is seeded on disk, egov-server starts on it as its own process, and closed-loop clients (each its own
/// TLS connection and key, as desks are) verify by template and by aligned crop. Baselines from the same
/// run, each warmed up as the probe it is set against: the health RPC at the same client count (what gRPC
/// over TLS costs here with no work), and the embedder alone on every core (what bounds crop verification).
/// </summary>
public sealed class LoadBenchmark(FacePipeline pipeline, Action<string> log)
{
    private const string Model = "faceplugin-arcface-r512";

    public async Task<LoadBenchmarkResult> RunAsync(LoadOptions options)
    {
        var folder = Directory.CreateTempSubdirectory("egov-load-");
        try
        {
            var templates = new SyntheticTemplates(512, options.Seed);
            var clock = Stopwatch.StartNew();
            var keys = await SeedAsync(folder.FullName, templates, options.Subjects, Math.Max(options.Clients.Max(), 1));
            var seedSeconds = clock.Elapsed.TotalSeconds;
            log($"seeded {options.Subjects:N0} subjects in {seedSeconds:F1} s");

            var crop = AlignedCrop();
            var embedderAlone = EmbedderThroughput(crop, TimeSpan.FromSeconds(5));
            log($"embedder alone: {embedderAlone:F1} crops/s on {Environment.ProcessorCount} cores");

            clock.Restart();
            // The per-key rate limit is lifted: it guards against a runaway desk, not what is measured here.
            await using var server = await ServerProcess.StartAsync(folder.FullName, 1_000_000, TimeSpan.FromMinutes(5));
            var startSeconds = clock.Elapsed.TotalSeconds;
            log($"server up in {startSeconds:F1} s (index loaded from the registry)");

            var channels = Enumerable.Range(0, options.Clients.Max()).Select(_ => server.OpenChannel(folder.FullName)).ToArray();
            try
            {
                var baseline = new List<LoadLevel>();
                var template = new List<LoadLevel>();
                var cropLevels = new List<LoadLevel>();
                long genuine = 0, matched = 0;

                // Requests are built before the clock starts, so the load generator spends its CPU on calls, not on probes.
                var requests = Enumerable.Range(0, 4096).Select(n =>
                {
                    var subject = (long)(unchecked((ulong)n * 0x9E3779B97F4A7C15UL) % (ulong)options.Subjects);
                    return new VerifyRequest { Pinfl = Pinfl(subject), Probe = new Probe { Template = new Template { ModelId = Model, Vector = { templates.Probe(subject, n, 0.5f) } } } };
                }).ToArray();
                var verifiers = channels.Select(c => new Verification.VerificationClient(c)).ToArray();
                var checkers = channels.Select(c => new Health.HealthClient(c)).ToArray();
                Func<int, long, Task<bool>> health = async (i, _) =>
                {
                    await checkers[i].CheckAsync(new HealthCheckRequest());
                    return true;
                };
                Func<int, long, Task<bool>> byTemplate = async (i, n) =>
                {
                    var response = await verifiers[i].VerifyAsync(requests[n % requests.Length], keys[i]);
                    Interlocked.Increment(ref genuine);
                    if (response.Match)
                    {
                        Interlocked.Increment(ref matched);
                    }

                    return response.Enrolled;
                };
                var cropRequest = new Probe { Aligned = new AlignedFace { ModelId = Model, Image = ByteString.CopyFrom(crop.ImEncode(".png")) } };
                Func<int, long, Task<bool>> byCrop = async (i, n) =>
                {
                    var request = new VerifyRequest { Pinfl = Pinfl(n % options.Subjects), Probe = cropRequest };
                    return (await verifiers[i].VerifyAsync(request, keys[i])).Enrolled;
                };

                // Every probe, baseline included, is measured warm: each client's connection is open (its TLS
                // handshake done) and every probe has run on every client for the warm-up time before the first
                // level. Otherwise the health baseline, measured first, paid for the cold start that the probes
                // after it did not, and the ratio to it said nothing.
                await Task.WhenAll(Enumerable.Range(0, channels.Length).Select(i => health(i, 0)));
                foreach (var probe in new[] { health, byTemplate, byCrop })
                {
                    await WarmUpAsync(channels.Length, options.Warmup, probe);
                }

                log($"warmed up: {channels.Length} connections; health, template and crop probes {options.Warmup.TotalSeconds:F1} s each on all of them");

                foreach (var clients in options.Clients)
                {
                    var floor = await RunLevelAsync(server, "health", clients, options, options.Duration, health);
                    baseline.Add(floor);
                    log($"health     {clients,2} clients: {floor.RequestsPerSecond,8:F0} req/s  p50 {floor.P50Ms:F2} ms  p99 {floor.P99Ms:F2} ms  server {floor.ServerCpuMicrosecondsPerRequest:F0} us CPU/req");

                    var level = await RunLevelAsync(server, "template", clients, options, options.Duration, byTemplate);
                    template.Add(level with { RatioToBaseline = level.RequestsPerSecond / floor.RequestsPerSecond });
                    log($"template   {clients,2} clients: {level.RequestsPerSecond,8:F0} req/s  p50 {level.P50Ms:F2} ms  p99 {level.P99Ms:F2} ms  server {level.ServerCpuMicrosecondsPerRequest:F0} us CPU/req  ({level.Errors} errors)");
                }

                foreach (var clients in options.Clients)
                {
                    var level = await RunLevelAsync(server, "crop", clients, options, options.CropDuration, byCrop);
                    cropLevels.Add(level with { RatioToBaseline = level.RequestsPerSecond / embedderAlone });
                    log($"crop       {clients,2} clients: {level.RequestsPerSecond,8:F1} req/s  p50 {level.P50Ms:F2} ms  p99 {level.P99Ms:F2} ms  ({level.Errors} errors)");
                }

                return new LoadBenchmarkResult(
                    options.Subjects, Environment.ProcessorCount, seedSeconds, startSeconds, options.Duration.TotalSeconds,
                    baseline, template, cropLevels, embedderAlone, genuine == 0 ? 0 : (double)matched / genuine);
            }
            finally
            {
                foreach (var channel in channels)
                {
                    channel.Dispose();
                }
            }
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            folder.Delete(recursive: true);
        }
    }

    internal static string Pinfl(long subject) => $"9{subject:D13}";

    // Closed loop (see ClosedLoop), with the server's CPU from the window's opening until the last measured call has
    // returned: the window may stay open past its duration, and the calls started in it are the ones counted.
    private static async Task<LoadLevel> RunLevelAsync(ServerProcess server, string probe, int clients, LoadOptions options, TimeSpan duration, Func<int, long, Task<bool>> call)
    {
        var before = Task.Run(async () =>
        {
            await Task.Delay(options.Warmup);
            return server.CpuTime;
        });
        var level = await ClosedLoop.RunAsync(probe, clients, options.Warmup, duration, call);
        var cpu = server.CpuTime - await before;
        return level with { ServerCpuMicrosecondsPerRequest = cpu.TotalMicroseconds / Math.Max(1, level.Requests) };
    }

    // The closed loop of a level with nothing recorded: `clients` callers for `duration`.
    private static async Task WarmUpAsync(int clients, TimeSpan duration, Func<int, long, Task<bool>> call)
    {
        long sequence = 0;
        var until = Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        await Task.WhenAll(Enumerable.Range(0, clients).Select(i => Task.Run(async () =>
        {
            while (Stopwatch.GetTimestamp() < until)
            {
                try
                {
                    await call(i, Interlocked.Increment(ref sequence));
                }
                catch (RpcException)
                {
                }
            }
        })));
    }

    private static async Task<Metadata[]> SeedAsync(string folder, SyntheticTemplates templates, int subjects, int clients)
    {
        var data = new DataDirectory(folder);
        using var registry = new SubjectRegistry(data.Database, new TemplateCipher(data.Keys), data.PathOf(DataDirectory.AuditAnchorFile));
        var audit = new AuditEntry("key:load-benchmark", Roles.Admin, "load", "enroll", string.Empty, "imported");
        await Parallel.ForEachAsync(
            Enumerable.Range(0, subjects), new ParallelOptions { MaxDegreeOfParallelism = 256 },
            async (i, _) => await registry.EnrollAsync(Pinfl(i), [new NewTemplate(templates.Template(i), Model)], audit));

        // One supervisor key per client: supervisors are the role that may verify with templates and crops outside
        // a desk stream (operators send images and see no score), and a key of their own keeps each client's
        // failed-attempt count apart.
        var store = new ApiKeyStore(data.Database);
        return [.. Enumerable.Range(0, clients).Select(i => new Metadata { { "x-api-key", store.Create(Roles.Supervisor) }, { "x-desk-id", $"load-{i}" } })];
    }

    // The crop an edge agent would send: the first sample photo's largest face, aligned to the embedder's template.
    private Mat AlignedCrop()
    {
        using var image = ImageDecoder.Decode(File.ReadAllBytes(Vision.Models.ModelStore.Discover().AssetPath("sample1")));
        var faces = pipeline.Analyze(image.Bgr, AnalysisOptions.DetectOnly with { MaxFaces = 1 });
        using var face = faces[0];
        return face.Aligned.Image.Clone();
    }

    // Crops per second through the embedder alone, one worker per core: the ceiling for crop verification.
    private double EmbedderThroughput(Mat crop, TimeSpan duration)
    {
        IFaceEmbedder embedder = pipeline.Embedder;

        // Seeding leaves garbage behind; collect it and warm up first, so the baseline is not measured short.
        GC.Collect();
        GC.WaitForPendingFinalizers();
        OnEveryCore(TimeSpan.FromSeconds(1), () => embedder.Embed(crop));
        return OnEveryCore(duration, () => embedder.Embed(crop)) / duration.TotalSeconds;
    }

    // Runs `work` on one thread per core until `duration` has passed; how many times it ran.
    private static long OnEveryCore(TimeSpan duration, Action work)
    {
        long done = 0;
        var until = Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        Parallel.For(0, Environment.ProcessorCount, _ =>
        {
            while (Stopwatch.GetTimestamp() < until)
            {
                work();
                Interlocked.Increment(ref done);
            }
        });
        return done;
    }
}
