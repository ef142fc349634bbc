using EGov.Biometrics.Service.Access;
using EGov.Biometrics.Service.Decisions;
using EGov.Biometrics.Service.Probes;

namespace EGov.Biometrics.Service.Tests;

/// <summary>Who may enrol what, the capture gates a photo must pass, and the duplicate policy, without a server.</summary>
public sealed class EnrollmentRulesTests : IDisposable
{
    private const string Alice = "31234567890123";
    private const string Bob = "42345678901234";

    private readonly Domain _domain = new();

    [Fact]
    public async Task A_photo_that_fails_a_quality_gate_or_the_liveness_check_is_refused_naming_why_and_nothing_is_written()
    {
        var blurred = _domain.Analyzer.Image("blurred", Domain.Unit(1), ScriptedAnalyzer.Quality("sharpness 0.05 below 0.20"));
        var printed = _domain.Analyzer.Image("printed", Domain.Unit(1), liveness: 0.12f);
        var good = _domain.Analyzer.Image("good", Domain.Unit(1));

        var quality = await Assert.ThrowsAsync<ArgumentException>(() => _domain.Service.EnrollAsync(new EnrollCommand(Alice, [new ImageProbe(good), new ImageProbe(blurred)]), Domain.Enroller));
        var liveness = await Assert.ThrowsAsync<ArgumentException>(() => _domain.Service.EnrollAsync(new EnrollCommand(Alice, [new ImageProbe(printed)]), Domain.Enroller));

        Assert.Equal("Probe 2 fails the capture gates: sharpness 0.05 below 0.20.", quality.Message);
        Assert.Equal("Probe 1 fails the capture gates: liveness check failed (score 0.12, at least 0.50 needed).", liveness.Message);
        Assert.Null(_domain.Registry.Get(Alice));
        Assert.Equal(0, _domain.Registry.AuditEntries());

        var enrolled = await _domain.Service.EnrollAsync(new EnrollCommand(Alice, [new ImageProbe(good)]), Domain.Enroller);
        Assert.Single(enrolled.TemplateIds);
    }

    [Fact]
    public async Task Only_an_admin_enrols_templates_or_crops_since_they_skip_the_gates()
    {
        var template = Domain.Template(Domain.Unit(2));
        var crop = new AlignedCropProbe(Domain.Model, _domain.Analyzer.Crop("crop", Domain.Unit(2)));

        foreach (var caller in new[] { Domain.Enroller, Domain.Supervisor })
        {
            await Assert.ThrowsAsync<AccessDeniedException>(() => _domain.Service.EnrollAsync(new EnrollCommand(Alice, [template]), caller));
            await Assert.ThrowsAsync<AccessDeniedException>(() => _domain.Service.EnrollAsync(new EnrollCommand(Alice, [crop]), caller));
        }

        Assert.Null(_domain.Registry.Get(Alice));
        Assert.Single((await _domain.Service.EnrollAsync(new EnrollCommand(Alice, [crop]), Domain.Admin)).TemplateIds);
    }

    [Fact]
    public async Task Enrolling_despite_a_possible_duplicate_is_a_supervisors_decision_and_is_flagged()
    {
        var alice = _domain.Analyzer.Image("alice", Domain.Unit(3));
        var aliceAgain = _domain.Analyzer.Image("alice-again", Domain.Near(Domain.Unit(3), 4));
        await _domain.Service.EnrollAsync(new EnrollCommand(Alice, [new ImageProbe(alice)]), Domain.Enroller);

        var refused = await Assert.ThrowsAsync<DuplicateSubjectException>(() => _domain.Service.EnrollAsync(new EnrollCommand(Bob, [new ImageProbe(aliceAgain)]), Domain.Enroller));
        var denied = await Assert.ThrowsAsync<AccessDeniedException>(() => _domain.Service.EnrollAsync(new EnrollCommand(Bob, [new ImageProbe(aliceAgain)], DuplicateHandling.Flag), Domain.Enroller));
        var flagged = await _domain.Service.EnrollAsync(new EnrollCommand(Bob, [new ImageProbe(aliceAgain)], DuplicateHandling.Flag), Domain.Supervisor);

        Assert.DoesNotContain(Alice, refused.Message, StringComparison.Ordinal);
        Assert.Contains("supervisor", denied.Message, StringComparison.Ordinal);
        Assert.Equal(Alice, Assert.Single(flagged.PossibleDuplicates).Pinfl);
        Assert.Equal("enrolled-flagged", flagged.Outcome);
    }

    [Fact]
    public async Task An_enroller_cannot_weaken_the_duplicate_check_by_choosing_a_stricter_fmr()
    {
        // Cosine 0.6 to Alice's enrolled face: a duplicate at FMR 1e-4 (threshold 0.50 here), not at 1e-6 (0.70).
        var alice = _domain.Analyzer.Image("alice", Domain.Unit(7));
        var aliceOlder = _domain.Analyzer.Image("alice-older", Cosine(Domain.Unit(7), Domain.Unit(70), 0.6));
        await _domain.Service.EnrollAsync(new EnrollCommand(Alice, [new ImageProbe(alice)]), Domain.Enroller);

        var refused = await Assert.ThrowsAsync<AccessDeniedException>(() => _domain.Service.EnrollAsync(new EnrollCommand(Bob, [new ImageProbe(aliceOlder)], Fmr: 1e-6), Domain.Enroller));
        await Assert.ThrowsAsync<DuplicateSubjectException>(() => _domain.Service.EnrollAsync(new EnrollCommand(Bob, [new ImageProbe(aliceOlder)]), Domain.Enroller));
        await Assert.ThrowsAsync<DuplicateSubjectException>(() => _domain.Service.EnrollAsync(new EnrollCommand(Bob, [new ImageProbe(aliceOlder)], Fmr: 1e-2), Domain.Enroller));
        Assert.Null(_domain.Registry.Get(Bob));

        // A supervisor may: it is the same decision as enrolling despite a possible duplicate.
        var enrolled = await _domain.Service.EnrollAsync(new EnrollCommand(Bob, [new ImageProbe(aliceOlder)], Fmr: 1e-6), Domain.Supervisor);

        Assert.Contains("FMR 1e-6, stricter than the policy's 1e-4", refused.Message, StringComparison.Ordinal);
        Assert.Empty(enrolled.PossibleDuplicates);
    }

    [Fact]
    public async Task Enrolment_photos_are_kept_only_where_the_deployment_chose_to()
    {
        using var keeping = new Domain(storeImages: true);
        var photo = keeping.Analyzer.Image("photo", Domain.Unit(5));
        var notKept = _domain.Analyzer.Image("photo", Domain.Unit(5));

        var kept = await keeping.Service.EnrollAsync(new EnrollCommand(Alice, [new ImageProbe(photo)]), Domain.Enroller);
        await _domain.Service.EnrollAsync(new EnrollCommand(Alice, [new ImageProbe(notKept)]), Domain.Enroller);

        Assert.Equal(photo, keeping.Registry.LoadImages(Alice)[kept.TemplateIds[0]]);
        Assert.Empty(_domain.Registry.LoadImages(Alice));
    }

    [Fact]
    public async Task An_enrolment_takes_one_to_ten_probes_and_a_valid_pinfl()
    {
        var face = _domain.Analyzer.Image("face", Domain.Unit(6));
        Assert.Contains("1 to 10", (await Assert.ThrowsAsync<ArgumentException>(() => _domain.Service.EnrollAsync(new EnrollCommand(Alice, []), Domain.Enroller))).Message, StringComparison.Ordinal);
        Assert.Contains("1 to 10", (await Assert.ThrowsAsync<ArgumentException>(() => _domain.Service.EnrollAsync(new EnrollCommand(Alice, Enumerable.Repeat<ProbeInput>(new ImageProbe(face), 11).ToList()), Domain.Enroller))).Message, StringComparison.Ordinal);
        Assert.Contains("14 digits", (await Assert.ThrowsAsync<ArgumentException>(() => _domain.Service.EnrollAsync(new EnrollCommand("12", [new ImageProbe(face)]), Domain.Enroller))).Message, StringComparison.Ordinal);
        Assert.Contains("k must be", (await Assert.ThrowsAsync<ArgumentException>(() => _domain.Service.IdentifyAsync(new ImageProbe(face), 0, Domain.Supervisor))).Message, StringComparison.Ordinal);
    }

    // A unit vector at the given cosine to face, turned towards other (made orthogonal to face first).
    private static float[] Cosine(float[] face, float[] other, double cosine)
    {
        var along = face.Zip(other, (a, b) => (double)a * b).Sum();
        var orthogonal = other.Select((x, i) => x - (along * face[i])).ToArray();
        var norm = Math.Sqrt(orthogonal.Sum(x => x * x));
        var sine = Math.Sqrt(1 - (cosine * cosine));
        return face.Select((x, i) => (float)((cosine * x) + (sine * orthogonal[i] / norm))).ToArray();
    }

    public void Dispose() => _domain.Dispose();
}
