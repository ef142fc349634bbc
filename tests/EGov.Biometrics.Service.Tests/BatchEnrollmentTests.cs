using EGov.Biometrics.Registry.Storage;
using EGov.Biometrics.Service.Access;
using EGov.Biometrics.Service.Decisions;
using EGov.Biometrics.Service.Probes;

namespace EGov.Biometrics.Service.Tests;

/// <summary>Bulk import's batch enrolment without a server: one outcome per item, the duplicate checks of a batch, exactly once by key.</summary>
public sealed class BatchEnrollmentTests : IDisposable
{
    private readonly Domain _domain = new();

    [Fact]
    public async Task Each_item_gets_its_own_outcome_with_the_reason_it_was_refused()
    {
        var registered = Domain.Unit(10);
        await _domain.Service.EnrollAsync(new EnrollCommand("60000000000000", [new ImageProbe(_domain.Analyzer.Image("registered", registered))]), Domain.Enroller);
        var a = _domain.Analyzer;
        EnrollBatchItem Item(int n, string pinfl, params byte[][] photos) => new($"key-{n}", pinfl, [.. photos.Select(p => new ImageProbe(p))]);
        var items = new[]
        {
            Item(1, "61000000000001", a.Image("new", Domain.Unit(11))),
            Item(2, "61000000000002", a.Image("registered-again", Domain.Near(registered, 1))),
            Item(3, "61000000000003", a.Image("new-again", Domain.Near(Domain.Unit(11), 2))),
            Item(4, "6100000000000X", a.Image("other", Domain.Unit(12))),
            Item(5, "61000000000005", a.Image("good", Domain.Unit(13)), a.Unreadable("scan.jp2")),
            Item(6, "61000000000006", System.Text.Encoding.UTF8.GetBytes("a wall")),
            Item(7, "61000000000007", a.Group("family", 3)),
            Item(8, "61000000000008", a.Image("blurred", Domain.Unit(14), ScriptedAnalyzer.Quality("sharpness 0.05 below 0.20")), a.Image("printed", Domain.Unit(14), liveness: 0.1f)),
            Item(9, "60000000000000", a.Image("enrolled-pinfl", Domain.Unit(15))),
        };

        var outcomes = await _domain.Batches.EnrollAsync(new EnrollBatchCommand(items), Domain.Enroller);

        Assert.Equal(
            [EnrollRefusal.None, EnrollRefusal.DuplicateInRegistry, EnrollRefusal.DuplicateInBatch, EnrollRefusal.InvalidPinfl, EnrollRefusal.UnreadableImage,
                EnrollRefusal.NoFace, EnrollRefusal.SeveralPeople, EnrollRefusal.CaptureGates, EnrollRefusal.AlreadyEnrolled],
            outcomes.Select(o => o.Refusal));
        Assert.Single(outcomes[0].TemplateIds);
        Assert.Equal((1, "61000000000001"), (outcomes[2].DuplicateOfItem, outcomes[2].DuplicateOfPinfl));
        Assert.Equal(2, outcomes[4].Photo);
        Assert.Equal("Photo 2: The data is not a recognised image format.", outcomes[4].Message);
        Assert.Equal(["photo 1: sharpness 0.05 below 0.20", "photo 2: liveness check failed (score 0.10, at least 0.50 needed)"], outcomes[7].GateFailures);
        Assert.Contains("14 digits", outcomes[3].Message, StringComparison.Ordinal);

        // The enroller learns no PINFL it did not know (the registry's match was enrolled by someone else, without a key); the audit has it.
        Assert.Equal((string.Empty, string.Empty), (outcomes[1].DuplicateOfPinfl, outcomes[1].DuplicateOfKey));
        Assert.Empty(outcomes[1].PossibleDuplicates);
        Assert.DoesNotContain("60000000000000", outcomes[1].Message, StringComparison.Ordinal);
        Assert.Equal(("rejected-duplicate", "61000000000002"), AuditOf(outcomes[1].DecisionId));
        Assert.Equal(("enrolled", "61000000000001"), AuditOf(outcomes[0].DecisionId));
        Assert.Equal(["60000000000000", "61000000000001"], Enrolled());
    }

    [Fact]
    public async Task A_retried_item_returns_its_first_enrolment_instead_of_enrolling_again_or_being_its_own_duplicate()
    {
        var photo = _domain.Analyzer.Image("citizen", Domain.Unit(20));
        var command = new EnrollBatchCommand([new EnrollBatchItem("run-1/row-2", "62000000000001", [new ImageProbe(photo)])]);

        var first = Assert.Single(await _domain.Batches.EnrollAsync(command, Domain.Enroller));
        var retried = Assert.Single(await _domain.Batches.EnrollAsync(command, Domain.Enroller));
        var (_, restarted) = _domain.Restart();
        var afterRestart = Assert.Single(await new BatchEnrollment(_domain.Service, restarted, new Registry.Subjects.EnrollmentKeyStore(restarted), new Galleries.LocalGallery(_domain.Index)).EnrollAsync(command, Domain.Enroller));

        Assert.True(first.Enrolled && !first.Replayed);
        foreach (var again in new[] { retried, afterRestart })
        {
            Assert.True(again.Enrolled && again.Replayed);
            Assert.Equal(first.TemplateIds, again.TemplateIds);
            Assert.Equal(first.DecisionId, again.DecisionId);
        }

        Assert.Equal(1, _domain.Registry.CountTemplates());
        Assert.Equal(["enrolled"], EnrolAudits("62000000000001"));
    }

    [Fact]
    public async Task A_key_sent_again_with_another_pinfl_or_other_photos_is_refused_not_replayed()
    {
        var photo = _domain.Analyzer.Image("one", Domain.Unit(21));
        var other = _domain.Analyzer.Image("two", Domain.Unit(22));
        await _domain.Batches.EnrollAsync(new EnrollBatchCommand([new EnrollBatchItem("k", "63000000000001", [new ImageProbe(photo)])]), Domain.Enroller);

        var outcomes = await _domain.Batches.EnrollAsync(
            new EnrollBatchCommand([new EnrollBatchItem("k", "63000000000002", [new ImageProbe(photo)])]), Domain.Enroller);
        var photos = await _domain.Batches.EnrollAsync(
            new EnrollBatchCommand([new EnrollBatchItem("k", "63000000000001", [new ImageProbe(other)])]), Domain.Enroller);

        Assert.Equal(EnrollRefusal.KeyReused, Assert.Single(outcomes).Refusal);
        Assert.Equal(EnrollRefusal.KeyReused, Assert.Single(photos).Refusal);
        Assert.Equal(["63000000000001"], Enrolled());
    }

    [Fact]
    public async Task A_registry_duplicate_names_the_subject_to_the_credential_that_enrolled_it_and_to_supervisors_only()
    {
        var face = Domain.Unit(30);
        await _domain.Batches.EnrollAsync(new EnrollBatchCommand([new EnrollBatchItem("mine", "64000000000001", [new ImageProbe(_domain.Analyzer.Image("face", face))])]), Domain.Enroller);
        var again = new EnrollBatchCommand([new EnrollBatchItem("again", "64000000000002", [new ImageProbe(_domain.Analyzer.Image("face-again", Domain.Near(face, 3)))])]);

        var own = Assert.Single(await _domain.Batches.EnrollAsync(again, Domain.Enroller));
        var stranger = Assert.Single(await _domain.Batches.EnrollAsync(again, new Caller("key:other-enroller", Roles.Enroller, "enrolment-2")));
        var supervisor = Assert.Single(await _domain.Batches.EnrollAsync(again, Domain.Supervisor));

        Assert.Equal((EnrollRefusal.DuplicateInRegistry, "mine", "64000000000001"), (own.Refusal, own.DuplicateOfKey, own.DuplicateOfPinfl));
        Assert.Equal((EnrollRefusal.DuplicateInRegistry, string.Empty, string.Empty), (stranger.Refusal, stranger.DuplicateOfKey, stranger.DuplicateOfPinfl));
        Assert.Empty(stranger.PossibleDuplicates);
        Assert.Equal("64000000000001", supervisor.DuplicateOfPinfl);
        Assert.Equal("64000000000001", Assert.Single(supervisor.PossibleDuplicates).Pinfl);
    }

    [Fact]
    public async Task The_batch_and_its_items_are_held_to_the_single_enrolments_limits_and_roles()
    {
        var photo = new ImageProbe(_domain.Analyzer.Image("p", Domain.Unit(40)));
        var tooMany = Enumerable.Range(0, BatchEnrollment.MaxItems + 1).Select(i => new EnrollBatchItem($"k{i}", $"650000000000{i:D2}", [photo])).ToList();

        var oversized = await Assert.ThrowsAsync<ArgumentException>(() => _domain.Batches.EnrollAsync(new EnrollBatchCommand(tooMany), Domain.Enroller));
        var sameKey = await Assert.ThrowsAsync<ArgumentException>(() => _domain.Batches.EnrollAsync(
            new EnrollBatchCommand([new EnrollBatchItem("k", "65000000000001", [photo]), new EnrollBatchItem("k", "65000000000002", [photo])]), Domain.Enroller));
        var noKey = await Assert.ThrowsAsync<ArgumentException>(() => _domain.Batches.EnrollAsync(new EnrollBatchCommand([new EnrollBatchItem(string.Empty, "65000000000001", [photo])]), Domain.Enroller));
        var elevenPhotos = await Assert.ThrowsAsync<ArgumentException>(() => _domain.Batches.EnrollAsync(
            new EnrollBatchCommand([new EnrollBatchItem("k", "65000000000001", [.. Enumerable.Repeat(photo, 11)])]), Domain.Enroller));
        await Assert.ThrowsAsync<AccessDeniedException>(() => _domain.Batches.EnrollAsync(
            new EnrollBatchCommand([new EnrollBatchItem("k", "65000000000001", [Domain.Template(Domain.Unit(41))])]), Domain.Enroller));
        await Assert.ThrowsAsync<AccessDeniedException>(() => _domain.Batches.EnrollAsync(
            new EnrollBatchCommand([new EnrollBatchItem("k", "65000000000001", [photo])], DuplicateHandling.Flag), Domain.Enroller));

        Assert.Equal($"A batch takes 1 to {BatchEnrollment.MaxItems} enrolments, got {BatchEnrollment.MaxItems + 1}.", oversized.Message);
        Assert.Contains("repeats the idempotency key", sameKey.Message, StringComparison.Ordinal);
        Assert.Contains("idempotency_key of 1 to 128", noKey.Message, StringComparison.Ordinal);
        Assert.Contains("1 to 10 probes", elevenPhotos.Message, StringComparison.Ordinal);
        Assert.Empty(Enrolled());
    }

    [Fact]
    public async Task A_supervisor_may_flag_duplicates_and_both_are_enrolled_with_each_other_named()
    {
        var face = Domain.Unit(50);
        var items = new[]
        {
            new EnrollBatchItem("a", "66000000000001", [new ImageProbe(_domain.Analyzer.Image("twin-1", face))]),
            new EnrollBatchItem("b", "66000000000002", [new ImageProbe(_domain.Analyzer.Image("twin-2", Domain.Near(face, 5)))]),
        };

        var outcomes = await _domain.Batches.EnrollAsync(new EnrollBatchCommand(items, DuplicateHandling.Flag), Domain.Supervisor);

        Assert.All(outcomes, o => Assert.True(o.Enrolled));
        Assert.Empty(outcomes[0].PossibleDuplicates);
        Assert.Equal("66000000000001", Assert.Single(outcomes[1].PossibleDuplicates).Pinfl);
        Assert.Equal(["enrolled-flagged-duplicate"], EnrolAudits("66000000000002"));
    }

    [Fact]
    public async Task A_deleted_subjects_key_goes_with_it()
    {
        var command = new EnrollBatchCommand([new EnrollBatchItem("gone", "67000000000001", [new ImageProbe(_domain.Analyzer.Image("g", Domain.Unit(60)))])]);
        var first = Assert.Single(await _domain.Batches.EnrollAsync(command, Domain.Enroller));

        await _domain.Service.DeleteAsync("67000000000001", Domain.Admin);
        var again = Assert.Single(await _domain.Batches.EnrollAsync(command, Domain.Enroller));

        Assert.Null(_domain.EnrollmentKeys.Find("no-such-key"));
        Assert.True(again.Enrolled && !again.Replayed);
        Assert.NotEqual(first.TemplateIds, again.TemplateIds);
    }

    public void Dispose() => _domain.Dispose();

    private List<string> Enrolled() => [.. _domain.Registry.List(string.Empty, 100).Select(s => s.Pinfl)];

    private List<string> EnrolAudits(string pinfl)
    {
        using var connection = _domain.Database.Open();
        using var query = connection.CreateCommand();
        query.CommandText = "SELECT decision FROM audit WHERE action = 'enroll' AND subject = $p ORDER BY seq";
        query.AddParameter("$p", pinfl);
        using var reader = query.ExecuteReader();
        var decisions = new List<string>();
        while (reader.Read())
        {
            decisions.Add(reader.GetString(0));
        }

        return decisions;
    }

    private (string Decision, string Subject) AuditOf(long seq)
    {
        using var connection = _domain.Database.Open();
        using var query = connection.CreateCommand();
        query.CommandText = "SELECT decision, subject FROM audit WHERE seq = $s";
        query.AddParameter("$s", seq);
        using var reader = query.ExecuteReader();
        Assert.True(reader.Read(), $"no audit entry {seq}");
        return (reader.GetString(0), reader.GetString(1));
    }
}
