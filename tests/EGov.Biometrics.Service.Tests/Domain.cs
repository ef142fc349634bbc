using EGov.Biometrics.Registry.Access;
using EGov.Biometrics.Registry.Crypto;
using EGov.Biometrics.Registry.Desks;
using EGov.Biometrics.Registry.Storage;
using EGov.Biometrics.Registry.Subjects;
using EGov.Biometrics.Service.Access;
using EGov.Biometrics.Service.Decisions;
using EGov.Biometrics.Service.Desks;
using EGov.Biometrics.Service.Galleries;
using EGov.Biometrics.Service.Liveness;
using EGov.Biometrics.Service.Probes;
using EGov.Biometrics.Service.Situation;
using EGov.Biometrics.Vision.Embedding;
using EGov.Biometrics.Vision.Models;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Time.Testing;

namespace EGov.Biometrics.Service.Tests;

/// <summary>
/// The domain layer over a real registry in a temporary folder, with a scripted face pipeline (no models):
/// each test decides what an image or crop "contains". Everything a front end would call, without a server.
/// </summary>
public sealed class Domain : IDisposable
{
    public const string Model = "test-model";

    /// <summary>A second embedder (calibrated, same dimension), served only where a test says so.</summary>
    public const string ModelB = "test-model-b";
    public const int Dim = 64;

    public static readonly Caller Admin = new("key:admin", Roles.Admin, string.Empty);
    public static readonly Caller Supervisor = new("key:super", Roles.Supervisor, "desk-1");
    public static readonly Caller Operator = new("key:op", Roles.Operator, "desk-3");
    /// <summary>An operator whose credential is bound to <paramref name="desk"/> (verify-at-desk takes one).</summary>
    public static Caller OperatorAt(string desk) => new("key:op", Roles.Operator, desk, DeskBound: true);

    public static readonly Caller Enroller = new("key:enrol", Roles.Enroller, "enrolment-1");

    private static readonly Dictionary<string, FmrCalibration> Calibrations = new()
    {
        [Model] = new FmrCalibration(new CalibrationSpec("cosine", 1e-4, [new FmrThreshold(1e-2, 0.30f), new FmrThreshold(1e-4, 0.50f), new FmrThreshold(1e-6, 0.70f)], "test")),
        [ModelB] = new FmrCalibration(new CalibrationSpec("cosine", 1e-4, [new FmrThreshold(1e-2, 0.40f), new FmrThreshold(1e-4, 0.60f), new FmrThreshold(1e-6, 0.80f)], "test")),
    };

    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("egov-domain-");
    private readonly List<SubjectRegistry> _restarted = [];

    public Domain(
        bool storeImages = false, KeyRing? keys = null, MatchingOptions? matching = null, Func<IGallery, IGallery>? gallery = null, IWriteLock? writeLock = null,
        ServedEmbedders? served = null, FusedVerification? fused = null)
    {
        Keys = keys ?? KeyRing.Generate();
        Cipher = new TemplateCipher(Keys);
        Database = new RegistryDatabase(Path.Combine(_folder.FullName, "registry.db"));
        Registry = new SubjectRegistry(Database, Cipher);
        Matching = matching ?? MatchingOptions.Default;
        Snapshots = new GallerySnapshots(_folder.FullName, Keys);
        Index = TemplateIndex.Load(Registry, served is null ? Models : BothModels, Matching, Snapshots);
        Attempts = new AttemptThrottle(VerificationPolicy.Default, Clock);
        Policies = new DeskPolicies(new DeskPolicyStore(Registry), Clock);
        Gallery = gallery?.Invoke(new LocalGallery(Index)) ?? new LocalGallery(Index);
        Service = new BiometricService(Registry, Gallery, Calibrations, new ProbeResolver(Analyzer), new DecisionOptions(CaptureGates.Default, storeImages), Attempts, Policies, writeLock, served, fused);
        Captures = new DeskCaptureStore(Registry);
        EnrollmentKeys = new EnrollmentKeyStore(Registry);
        Batches = new BatchEnrollment(Service, Registry, EnrollmentKeys, Gallery);
        Credentials = new Credentials(new ApiKeyStore(Database), new ClientCertificateStore(Database), Registry, Hub);
        Activity = new DeskActivity(Clock);
        Desks = new DeskService(Hub, Captures, Service, Credentials, Clock, Activity, Liveness, Policies, Liveness, ActiveCheckPolicy.Default);
    }

    public static IReadOnlyDictionary<string, int> Models { get; } = new Dictionary<string, int> { [Model] = Dim };

    /// <summary>The galleries of a domain that serves both embedders.</summary>
    public static IReadOnlyDictionary<string, int> BothModels { get; } = new Dictionary<string, int> { [Model] = Dim, [ModelB] = Dim };

    public KeyRing Keys { get; }

    public MatchingOptions Matching { get; }

    /// <summary>The gallery snapshots, in the domain's folder beside the registry.</summary>
    public GallerySnapshots Snapshots { get; }

    public TemplateCipher Cipher { get; }

    public RegistryDatabase Database { get; }

    public SubjectRegistry Registry { get; }

    public TemplateIndex Index { get; }

    /// <summary>What the decisions search: the index in process, or what the test put around it.</summary>
    public IGallery Gallery { get; }

    public ScriptedAnalyzer Analyzer { get; } = new();

    public ScriptedLiveness Liveness { get; } = new();

    public BiometricService Service { get; }

    public AttemptThrottle Attempts { get; }

    public DeskHub Hub { get; } = new();

    public DeskCaptureStore Captures { get; }

    public EnrollmentKeyStore EnrollmentKeys { get; }

    public BatchEnrollment Batches { get; }

    public FakeTimeProvider Clock { get; } = new(DateTimeOffset.Parse("2026-12-01T09:00:00Z", System.Globalization.CultureInfo.InvariantCulture));

    public DeskService Desks { get; }

    public DeskActivity Activity { get; }

    public DeskPolicies Policies { get; }

    public Credentials Credentials { get; }

    public string Folder => _folder.FullName;

    /// <summary>A fresh domain over the same registry files (a restart).</summary>
    public (BiometricService Service, SubjectRegistry Registry) Restart()
    {
        var registry = new SubjectRegistry(new RegistryDatabase(Path.Combine(_folder.FullName, "registry.db")), new TemplateCipher(Keys));
        _restarted.Add(registry);
        var index = TemplateIndex.Load(registry, Models, Matching, Snapshots);
        return (new BiometricService(registry, new LocalGallery(index), Calibrations, new ProbeResolver(Analyzer), DecisionOptions.Default, new AttemptThrottle(VerificationPolicy.Default, Clock), new DeskPolicies(new DeskPolicyStore(registry), Clock)), registry);
    }

    /// <summary>A real device key bound to <paramref name="desk"/>, as the caller it makes, and its key id.</summary>
    public async Task<(Caller Device, string KeyId)> DeviceAsync(string desk)
    {
        var key = await Credentials.CreateApiKeyAsync(Roles.Device, desk, Admin);
        return (Caller.For(Credentials.Authenticate(key.Key)!, null), key.KeyId);
    }

    public static float[] Unit(int seed)
    {
        var random = new Random(seed);
        var v = Enumerable.Range(0, Dim).Select(_ => (float)((random.NextDouble() * 2) - 1)).ToArray();
        var norm = (float)Math.Sqrt(v.Sum(x => (double)x * x));
        return v.Select(x => x / norm).ToArray();
    }

    /// <summary>Another capture of the same face: cosine about 0.85 to the original.</summary>
    public static float[] Near(float[] face, int seed)
    {
        var noise = Unit(1000 + seed);
        var v = face.Select((x, i) => x + (0.6f * noise[i])).ToArray();
        var norm = (float)Math.Sqrt(v.Sum(x => (double)x * x));
        return v.Select(x => x / norm).ToArray();
    }

    public static TemplateProbe Template(float[] vector) => new(Model, vector);

    public void Dispose()
    {
        Activity.Dispose();
        Registry.Dispose();
        _restarted.ForEach(r => r.Dispose());
        SqliteConnection.ClearAllPools();
        _folder.Delete(recursive: true);
    }
}
