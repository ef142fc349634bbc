using EGov.Biometrics.Service.Decisions;
using EGov.Biometrics.Service.Probes;

namespace EGov.Biometrics.Service.Tests;

/// <summary>Verify, identify, the duplicate policy and deletion at calibrated operating points, on template probes.</summary>
public sealed class BiometricServiceTests : IDisposable
{
    private const string Alice = "31234567890123";
    private const string Bob = "42345678901234";
    private const string Carol = "53456789012345";

    private readonly Domain _domain = new();
    private readonly Dictionary<string, float[]> _faces = new()
    {
        [Alice] = Domain.Unit(1),
        [Bob] = Domain.Unit(2),
        [Carol] = Domain.Unit(3),
    };

    [Fact]
    public async Task A_genuine_probe_matches_and_an_impostor_does_not_each_at_the_reported_fmr()
    {
        var (service, registry) = (_domain.Service, _domain.Registry);
        await service.EnrollAsync(new EnrollCommand(Alice, [Domain.Template(_faces[Alice])], DuplicateHandling.Reject), Domain.Admin);
        await service.EnrollAsync(new EnrollCommand(Bob, [Domain.Template(_faces[Bob])], DuplicateHandling.Reject), Domain.Admin);

        var genuine = (await service.VerifyAsync(Alice, Domain.Template(Domain.Near(_faces[Alice], 5)), Domain.Supervisor));
        var impostor = (await service.VerifyAsync(Alice, Domain.Template(Domain.Near(_faces[Bob], 6)), Domain.Supervisor));
        var strict = (await service.VerifyAsync(Alice, Domain.Template(Domain.Near(_faces[Alice], 7)), Domain.Supervisor, fmr: 1e-6));

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
        var (service, registry) = (_domain.Service, _domain.Registry);

        var result = (await service.VerifyAsync(Carol, Domain.Template(_faces[Carol]), Domain.Supervisor));

        Assert.False(result.Match);
        Assert.False(result.Enrolled);
        Assert.Equal(1, registry.VerifyAudit().Entries);
    }

    [Fact]
    public async Task Identification_returns_the_enrolled_person_above_the_threshold_only()
    {
        var service = _domain.Service;
        foreach (var (pinfl, face) in _faces)
        {
            await service.EnrollAsync(new EnrollCommand(pinfl, [Domain.Template(face)], DuplicateHandling.Reject), Domain.Admin);
        }

        var found = (await service.IdentifyAsync(Domain.Template(Domain.Near(_faces[Bob], 8)), 3, Domain.Supervisor));
        var stranger = (await service.IdentifyAsync(Domain.Template(Domain.Unit(99)), 3, Domain.Supervisor));

        Assert.Equal(Bob, Assert.Single(found.Candidates).Pinfl);
        Assert.Empty(stranger.Candidates);
    }

    [Fact]
    public async Task A_duplicate_enrolment_is_rejected_without_trace_or_flagged_by_policy()
    {
        var (service, registry) = (_domain.Service, _domain.Registry);
        await service.EnrollAsync(new EnrollCommand(Alice, [Domain.Template(_faces[Alice])], DuplicateHandling.Reject), Domain.Admin);

        // Alice's face again, under Bob's PINFL.
        var error = (await Assert.ThrowsAsync<DuplicateSubjectException>(() => service.EnrollAsync(new EnrollCommand(Bob, [Domain.Template(Domain.Near(_faces[Alice], 9))], DuplicateHandling.Reject), Domain.Admin)));
        Assert.Equal(Alice, Assert.Single(error.Candidates).Pinfl);
        Assert.Null(registry.Get(Bob));
        Assert.Equal(1, registry.CountTemplates());

        var flagged = (await service.EnrollAsync(new EnrollCommand(Bob, [Domain.Template(Domain.Near(_faces[Alice], 9))], DuplicateHandling.Flag), Domain.Admin));
        Assert.Equal(Alice, Assert.Single(flagged.PossibleDuplicates).Pinfl);
        Assert.NotNull(registry.Get(Bob));
        Assert.True(registry.VerifyAudit().Intact);
    }

    [Fact]
    public async Task The_index_is_rebuilt_from_the_registry_after_a_restart_and_deletion_is_permanent()
    {
        var service = _domain.Service;
        await service.EnrollAsync(new EnrollCommand(Alice, [Domain.Template(_faces[Alice]), Domain.Template(Domain.Near(_faces[Alice], 10))], DuplicateHandling.Reject), Domain.Admin);
        await service.EnrollAsync(new EnrollCommand(Bob, [Domain.Template(_faces[Bob])], DuplicateHandling.Reject), Domain.Admin);
        Assert.True(await service.DeleteAsync(Bob, Domain.Admin));

        var (restarted, registry) = _domain.Restart();

        Assert.True((await restarted.VerifyAsync(Alice, Domain.Template(Domain.Near(_faces[Alice], 11)), Domain.Supervisor)).Match);
        Assert.False((await restarted.VerifyAsync(Bob, Domain.Template(_faces[Bob]), Domain.Supervisor)).Enrolled);
        Assert.Equal(2, registry.CountTemplates());
        Assert.True(registry.VerifyAudit().Intact);
    }

    [Fact]
    public async Task Bad_requests_are_refused_with_the_reason()
    {
        var (service, registry) = (_domain.Service, _domain.Registry);

        Assert.Contains("14 digits", (await Assert.ThrowsAsync<ArgumentException>(() => service.VerifyAsync("123", Domain.Template(_faces[Alice]), Domain.Supervisor))).Message, StringComparison.Ordinal);
        Assert.Contains("'other-model'", (await Assert.ThrowsAsync<ArgumentException>(() => service.IdentifyAsync(new TemplateProbe("other-model", _faces[Alice]), 3, Domain.Supervisor))).Message, StringComparison.Ordinal);
        Assert.Contains("L2-normalised", (await Assert.ThrowsAsync<ArgumentException>(() => service.EnrollAsync(new EnrollCommand(Alice, [Domain.Template(_faces[Alice].Select(v => v * 3).ToArray())], DuplicateHandling.Reject), Domain.Admin))).Message, StringComparison.Ordinal);
        var stretched = _faces[Alice].Select(v => v * 3).ToArray();
        Assert.Contains("L2-normalised", (await Assert.ThrowsAsync<ArgumentException>(() => service.VerifyAsync(Alice, Domain.Template(stretched), Domain.Supervisor))).Message, StringComparison.Ordinal);
        Assert.Contains("L2-normalised", (await Assert.ThrowsAsync<ArgumentException>(() => service.IdentifyAsync(Domain.Template(stretched), 3, Domain.Supervisor))).Message, StringComparison.Ordinal);
        Assert.Contains("dimensions", (await Assert.ThrowsAsync<ArgumentException>(() => service.VerifyAsync(Alice, Domain.Template([1f]), Domain.Supervisor))).Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => service.VerifyAsync(Alice, Domain.Template(_faces[Alice]), Domain.Supervisor, fmr: 0.5));
        Assert.Null(registry.Get(Alice));
    }

    public void Dispose() => _domain.Dispose();
}
