using EGov.Biometrics.Registry.Crypto;
using EGov.Biometrics.Registry.Storage;
using EGov.Biometrics.Registry.Subjects;
using EGov.Biometrics.Vision.Embedding;
using EGov.Biometrics.Vision.Models;
using Microsoft.Data.Sqlite;

namespace EGov.Biometrics.Service.Tests;

public sealed class BiometricServiceTests : IDisposable
{
    private const string Model = "test-model";
    private const int Dim = 64;
    private const string Alice = "31234567890123";
    private const string Bob = "42345678901234";
    private const string Carol = "53456789012345";

    private static readonly Caller Desk = new("operator-7", "operator", "desk-3");
    private static readonly Dictionary<string, FmrCalibration> Calibrations = new()
    {
        [Model] = new FmrCalibration(new CalibrationSpec("cosine", 1e-4, [new FmrThreshold(1e-2, 0.30f), new FmrThreshold(1e-4, 0.50f), new FmrThreshold(1e-6, 0.70f)], "test")),
    };

    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("egov-service-");
    private readonly KeyRing _keys = KeyRing.Generate();
    private readonly Dictionary<string, float[]> _faces = new()
    {
        [Alice] = Unit(1),
        [Bob] = Unit(2),
        [Carol] = Unit(3),
    };

    [Fact]
    public async Task A_genuine_probe_matches_and_an_impostor_does_not_each_at_the_reported_fmr()
    {
        var (service, registry) = Start();
        await service.EnrollAsync(Alice, [new Probe(_faces[Alice], Model)], Desk, DuplicatePolicy.Reject);
        await service.EnrollAsync(Bob, [new Probe(_faces[Bob], Model)], Desk, DuplicatePolicy.Reject);

        var genuine = (await service.VerifyAsync(Alice, new Probe(Near(_faces[Alice], 5), Model), Desk));
        var impostor = (await service.VerifyAsync(Alice, new Probe(Near(_faces[Bob], 6), Model), Desk));
        var strict = (await service.VerifyAsync(Alice, new Probe(Near(_faces[Alice], 7), Model), Desk, fmr: 1e-6));

        Assert.True(genuine.Match);
        Assert.Equal(1e-4, genuine.OperatingPoint.Fmr);
        Assert.Equal(0.50f, genuine.OperatingPoint.Threshold);
        Assert.False(impostor.Match);
        Assert.True(impostor.Enrolled);
        Assert.Equal(0.70f, strict.OperatingPoint.Threshold);
        Assert.True(genuine.DecisionId < impostor.DecisionId);
        Assert.True(registry.VerifyAudit().Intact);
    }

    [Fact]
    public async Task An_unknown_pinfl_is_not_enrolled_and_still_audited()
    {
        var (service, registry) = Start();

        var result = (await service.VerifyAsync(Carol, new Probe(_faces[Carol], Model), Desk));

        Assert.False(result.Match);
        Assert.False(result.Enrolled);
        Assert.Equal(1, registry.VerifyAudit().Entries);
    }

    [Fact]
    public async Task Identification_returns_the_enrolled_person_above_the_threshold_only()
    {
        var (service, _) = Start();
        foreach (var (pinfl, face) in _faces)
        {
            await service.EnrollAsync(pinfl, [new Probe(face, Model)], Desk, DuplicatePolicy.Reject);
        }

        var found = (await service.IdentifyAsync(new Probe(Near(_faces[Bob], 8), Model), 3, Desk));
        var stranger = (await service.IdentifyAsync(new Probe(Unit(99), Model), 3, Desk));

        Assert.Equal(Bob, Assert.Single(found.Candidates).Pinfl);
        Assert.Empty(stranger.Candidates);
    }

    [Fact]
    public async Task A_duplicate_enrolment_is_rejected_without_trace_or_flagged_by_policy()
    {
        var (service, registry) = Start();
        await service.EnrollAsync(Alice, [new Probe(_faces[Alice], Model)], Desk, DuplicatePolicy.Reject);

        // Alice's face again, under Bob's PINFL.
        var error = (await Assert.ThrowsAsync<DuplicateSubjectException>(() => service.EnrollAsync(Bob, [new Probe(Near(_faces[Alice], 9), Model)], Desk, DuplicatePolicy.Reject)));
        Assert.Equal(Alice, Assert.Single(error.Candidates).Pinfl);
        Assert.Null(registry.Get(Bob));
        Assert.Equal(1, registry.CountTemplates());

        var flagged = (await service.EnrollAsync(Bob, [new Probe(Near(_faces[Alice], 9), Model)], Desk, DuplicatePolicy.Flag));
        Assert.Equal(Alice, Assert.Single(flagged.PossibleDuplicates).Pinfl);
        Assert.NotNull(registry.Get(Bob));
        Assert.True(registry.VerifyAudit().Intact);
    }

    [Fact]
    public async Task The_index_is_rebuilt_from_the_registry_after_a_restart_and_deletion_is_permanent()
    {
        var (service, _) = Start();
        await service.EnrollAsync(Alice, [new Probe(_faces[Alice], Model), new Probe(Near(_faces[Alice], 10), Model)], Desk, DuplicatePolicy.Reject);
        await service.EnrollAsync(Bob, [new Probe(_faces[Bob], Model)], Desk, DuplicatePolicy.Reject);
        Assert.True(await service.DeleteAsync(Bob, Desk));

        var (restarted, registry) = Start();

        Assert.True((await restarted.VerifyAsync(Alice, new Probe(Near(_faces[Alice], 11), Model), Desk)).Match);
        Assert.False((await restarted.VerifyAsync(Bob, new Probe(_faces[Bob], Model), Desk)).Enrolled);
        Assert.Equal(2, registry.CountTemplates());
        Assert.True(registry.VerifyAudit().Intact);
    }

    [Fact]
    public async Task Bad_requests_are_refused_with_the_reason()
    {
        var (service, registry) = Start();

        Assert.Contains("14 digits", (await Assert.ThrowsAsync<ArgumentException>(() => service.VerifyAsync("123", new Probe(_faces[Alice], Model), Desk))).Message, StringComparison.Ordinal);
        Assert.Contains("'other-model'", (await Assert.ThrowsAsync<ArgumentException>(() => service.IdentifyAsync(new Probe(_faces[Alice], "other-model"), 3, Desk))).Message, StringComparison.Ordinal);
        Assert.Contains("L2-normalised", (await Assert.ThrowsAsync<ArgumentException>(() => service.EnrollAsync(Alice, [new Probe(_faces[Alice].Select(v => v * 3).ToArray(), Model)], Desk, DuplicatePolicy.Reject))).Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => service.VerifyAsync(Alice, new Probe(_faces[Alice], Model), Desk, fmr: 0.5));
        Assert.Null(registry.Get(Alice));
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _folder.Delete(recursive: true);
    }

    private (BiometricService Service, SubjectRegistry Registry) Start()
    {
        var registry = new SubjectRegistry(new RegistryDatabase(Path.Combine(_folder.FullName, "registry.db")), new TemplateCipher(_keys));
        var index = TemplateIndex.Load(registry, new Dictionary<string, int> { [Model] = Dim });
        return (new BiometricService(registry, index, Calibrations), registry);
    }

    private static float[] Unit(int seed)
    {
        var random = new Random(seed);
        var v = Enumerable.Range(0, Dim).Select(_ => (float)((random.NextDouble() * 2) - 1)).ToArray();
        var norm = (float)Math.Sqrt(v.Sum(x => (double)x * x));
        return v.Select(x => x / norm).ToArray();
    }

    // Another capture of the same face: cosine about 0.85 to the original.
    private static float[] Near(float[] face, int seed)
    {
        var noise = Unit(1000 + seed);
        var v = face.Select((x, i) => x + (0.6f * noise[i])).ToArray();
        var norm = (float)Math.Sqrt(v.Sum(x => (double)x * x));
        return v.Select(x => x / norm).ToArray();
    }
}
