using System.CommandLine;
using EGov.Biometrics.Cluster.Hosting;
using EGov.Biometrics.Server.Hosting;
using EGov.Biometrics.Service.Decisions;

var dataDir = new Option<DirectoryInfo>("--data-dir") { Description = "Registry, keys and certificate folder.", Required = true };
var urls = new Option<string>("--urls") { Description = "Where to listen, ';'-separated (https://127.0.0.1:5001).", DefaultValueFactory = _ => "https://127.0.0.1:5001" };
var plaintext = new Option<bool>("--plaintext") { Description = "Serve without TLS (loopback addresses only)." };
var rate = new Option<int>("--rate-limit") { Description = "Requests per second per API key (bursts of twice that).", DefaultValueFactory = _ => 100 };
var metrics = new Option<string?>("--metrics-url") { Description = "Serve Prometheus /metrics here over plain HTTP (e.g. http://127.0.0.1:9464)." };
var storeImages = new Option<bool>("--store-images") { Description = "Keep enrolment images, encrypted like templates (off: only templates are stored)." };
var reflection = new Option<bool>("--reflection") { Description = "Answer gRPC server reflection (for grpcurl; off: the API's shape is not handed out)." };
var noConsole = new Option<bool>("--no-console") { Description = "Do not serve the web console (operators, supervisors, auditors) on the same address." };
var keyRing = new Option<FileInfo?>("--key-ring") { Description = $"The key ring file, kept apart from the data folder (default: {DataDirectory.KeyRingDefaults})." };
var witness = new Option<FileInfo?>("--audit-witness") { Description = "Keep a second copy of the audit anchor here, on another volume: hiding a cut then needs both rolled back." };
var largeRequests = new Option<int>("--max-large-requests") { Description = "Requests over 1 MiB (images) read at once, in all; more are refused (retry).", DefaultValueFactory = _ => 16 };
var largeRequestsPerConnection = new Option<int>("--max-large-requests-per-connection") { Description = "Requests over 1 MiB read at once on one connection.", DefaultValueFactory = _ => 4 };
var largeRequestsPerCredential = new Option<int>("--max-large-requests-per-credential") { Description = "Requests over 1 MiB read at once for one API key or certificate.", DefaultValueFactory = _ => 4 };
var cascadeAbove = new Option<int>("--cascade-above") { Description = "Search a model's gallery by the binary -> int8 -> float cascade above this many templates (exact search below).", DefaultValueFactory = _ => MatchingOptions.Default.CascadeAboveTemplates };
var mapAbove = new Option<int>("--map-vectors-above") { Description = "Keep float rows sealed in the memory-mapped gallery snapshot above this many templates (only codes, int8 rows and ids resident).", DefaultValueFactory = _ => MatchingOptions.Default.MapVectorsAboveTemplates };
var snapshotMinutes = new Option<int>("--snapshot-minutes") { Description = "Rewrite a changed gallery snapshot this often (also after start and at shutdown).", DefaultValueFactory = _ => (int)MatchingOptions.Default.SnapshotInterval.TotalMinutes };
var postgres = new Option<string?>("--postgres") { Description = "Keep the registry on PostgreSQL (\"Host=...;Port=...;Username=...;Database=...\", no password) instead of SQLite in the data folder." };
var postgresPasswordFile = new Option<FileInfo?>("--postgres-password-file") { Description = "The PostgreSQL password's file (default: $EGOV_PG_PASSWORD); never on the command line." };
var cluster = new Option<bool>("--cluster") { Description = "Run as a silo of the cluster (needs --postgres: the registry and the membership table): the galleries are sharded over the silos; this server is also a full front end." };
var siloAddress = new Option<string>("--silo-address") { Description = "With --cluster: the IP address this silo listens on and the other silos reach it at (silo-to-silo and gateway traffic is mutual TLS with the data folder's server.pfx, the same file on every silo).", DefaultValueFactory = _ => "127.0.0.1" };
var siloPort = new Option<int>("--silo-port") { Description = "With --cluster: the silo-to-silo port (on --silo-address).", DefaultValueFactory = _ => 11111 };
var gatewayPort = new Option<int>("--gateway-port") { Description = "With --cluster: the Orleans client gateway port (on --silo-address).", DefaultValueFactory = _ => 30000 };
var shards = new Option<int>("--shards") { Description = "With --cluster: shards per model, the same on every silo for the cluster's life.", DefaultValueFactory = _ => EGov.Biometrics.Cluster.Gallery.ShardedGalleryOptions.DefaultShards };
var clusterId = new Option<string>("--cluster-id") { Description = "With --cluster: the cluster this silo joins.", DefaultValueFactory = _ => SiloOptions.DefaultClusterId };
var embedders = new Option<string?>("--embedders") { Description = "The embedders to enrol and decide with, ','-separated, the default for images first (default: the manifest's default embedder); an enrolment photo gets a template by each." };
var fusion = new Option<bool>("--fusion") { Description = "Decide 1:1 on the fused score of the manifest's two fused embedders (both must be in --embedders) where the probe and the subject have templates of both." };
var int8BatchAbove = new Option<int>("--int8-batch-above") { Description = "Run batches of identifications (bulk import's duplicate checks) on int8 tiles with an exact re-rank above this many templates (float tiles below).", DefaultValueFactory = _ => MatchingOptions.Default.Int8BatchAboveTemplates };
var root = new RootCommand("egov-server: the EGov.Biometrics matching service (gRPC API and web console).") { dataDir, urls, plaintext, rate, metrics, storeImages, reflection, noConsole, keyRing, witness, largeRequests, largeRequestsPerConnection, largeRequestsPerCredential, cascadeAbove, int8BatchAbove, mapAbove, snapshotMinutes, postgres, postgresPasswordFile, cluster, siloAddress, siloPort, gatewayPort, shards, clusterId, embedders, fusion };
root.SetAction(async (parse, cancel) =>
{
    WebApplication app;
    try
    {
        app = ServerHost.Build(new ServerOptions(
            parse.GetRequiredValue(dataDir).FullName, parse.GetValue(urls)!, parse.GetValue(plaintext), parse.GetValue(rate), parse.GetValue(metrics), parse.GetValue(storeImages), parse.GetValue(reflection), !parse.GetValue(noConsole),
            parse.GetValue(keyRing)?.FullName, parse.GetValue(witness)?.FullName, parse.GetValue(largeRequests), parse.GetValue(largeRequestsPerConnection),
            parse.GetValue(largeRequestsPerCredential),
            new MatchingOptions(parse.GetValue(cascadeAbove), parse.GetValue(mapAbove), TimeSpan.FromMinutes(Math.Max(1, parse.GetValue(snapshotMinutes))), parse.GetValue(int8BatchAbove)),
            parse.GetValue(postgres), parse.GetValue(postgresPasswordFile)?.FullName)
        {
            Cluster = parse.GetValue(cluster) ? new SiloOptions(parse.GetValue(siloPort), parse.GetValue(gatewayPort), parse.GetValue(shards), parse.GetValue(clusterId)!)
            {
                Address = SiloCertificate.ParseAddress(parse.GetValue(siloAddress)!),
            }
            : null,
            Embedders = parse.GetValue(embedders)?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
            Fusion = parse.GetValue(fusion),
        });
        await app.StartAsync(cancel);
    }
    catch (Exception e) when (e is not OperationCanceledException)
    {
        // Every refused start (a tampered audit log, a missing or corrupt file, a bad option, a port in use):
        // one line naming it, no stack trace. The expected kinds carry their own wording; anything else says its type.
        var expected = e is InvalidDataException or ArgumentException or System.Security.Cryptography.CryptographicException or IOException or UnauthorizedAccessException;
        await Console.Error.WriteLineAsync($"egov-server: {(expected ? string.Empty : e.GetType().Name + ": ")}{Flatten(e.Message)}");
        return 2;
    }

    await app.WaitForShutdownAsync(cancel);
    await app.DisposeAsync();
    return 0;
});
return await root.Parse(args).InvokeAsync();

// One line, whatever the message holds.
static string Flatten(string message) => string.Join(' ', message.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
