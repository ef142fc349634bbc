using EGov.Biometrics.Matching.Search;
using EGov.Biometrics.Registry.Audit;
using EGov.Biometrics.Service.Decisions;
using EGov.Biometrics.Service.Failures;
using EGov.Biometrics.Service.Galleries;

namespace EGov.Biometrics.Service.Tests;

/// <summary>
/// A gallery that cannot answer in full (a cluster with a shard down) fails the decision Unavailable: no identification is
/// answered from part of the gallery, and an enrolment the gallery did not take is not acknowledged.
/// </summary>
public sealed class GalleryOutageTests : IDisposable
{
    private const string Alice = "31234567890001";
    private const string Bob = "31234567890002";

    private readonly OutageGallery _outage;
    private readonly Domain _domain;

    public GalleryOutageTests()
    {
        OutageGallery? outage = null;
        _domain = new Domain(gallery: g => outage = new OutageGallery(g));
        _outage = outage!;
    }

    public void Dispose() => _domain.Dispose();

    [Fact]
    public async Task An_identification_the_gallery_cannot_answer_in_full_fails_unavailable_and_decides_nothing()
    {
        await _domain.Service.EnrollAsync(new EnrollCommand(Alice, [Domain.Template(Domain.Unit(1))], DuplicateHandling.Reject), Domain.Admin);
        var decisions = Decisions();
        _outage.SearchesFail = true;

        var error = await Assert.ThrowsAsync<GalleryUnavailableException>(() => _domain.Service.IdentifyAsync(Domain.Template(Domain.Near(Domain.Unit(1), 5)), 3, Domain.Supervisor));

        Assert.Equal(FailureKind.Unavailable, Failure.Of(error)!.Kind);
        Assert.Contains("11 of 12 shards answered", Failure.Of(error)!.Message, StringComparison.Ordinal);
        Assert.Equal(decisions, Decisions()); // no "no-candidate" decision was recorded from part of the gallery
    }

    [Fact]
    public async Task An_enrolment_the_gallery_did_not_take_after_the_commit_is_not_acknowledged()
    {
        _outage.AddsFail = true;

        await Assert.ThrowsAsync<GalleryUnavailableException>(() =>
            _domain.Service.EnrollAsync(new EnrollCommand(Bob, [Domain.Template(Domain.Unit(2))], DuplicateHandling.Reject), Domain.Admin));

        // The registry holds it (the system of record a shard reloads from); the caller was not told it is enrolled.
        Assert.NotNull(_domain.Registry.Get(Bob));
    }

    private int Decisions()
    {
        using var connection = _domain.Database.Open();
        return AuditLog.Read(connection).Count(e => e.Entry.Action == "identify");
    }

    /// <summary>The in-process gallery with a shard out, on demand.</summary>
    private sealed class OutageGallery(IGallery inner) : IGallery
    {
        public bool SearchesFail { get; set; }

        public bool AddsFail { get; set; }

        public int Dimension(string modelId) => inner.Dimension(modelId);

        public Task<GalleryIdentification> IdentifyAsync(string modelId, float[] probe, int k, CancellationToken cancel = default) =>
            SearchesFail ? throw Down() : inner.IdentifyAsync(modelId, probe, k, cancel);

        public Task<GalleryBatchIdentification> IdentifyBatchAsync(string modelId, IReadOnlyList<float[]> probes, int k, CancellationToken cancel = default) =>
            SearchesFail ? throw Down() : inner.IdentifyBatchAsync(modelId, probes, k, cancel);

        public Task<SubjectComparison?> CompareSubjectAsync(string modelId, float[] probe, string pinfl, CancellationToken cancel = default) =>
            inner.CompareSubjectAsync(modelId, probe, pinfl, cancel);

        public Task AddAsync(string pinfl, IReadOnlyList<GalleryTemplate> templates) =>
            AddsFail ? throw new GalleryUnavailableException($"The enrolment of {pinfl} is committed, but its shard did not confirm it.") : inner.AddAsync(pinfl, templates);

        public Task RemoveSubjectAsync(string pinfl) => inner.RemoveSubjectAsync(pinfl);

        public Task<IReadOnlyList<GalleryCounts>> CountsAsync(CancellationToken cancel = default) => inner.CountsAsync(cancel);

        public (long Templates, long Bytes) LocalSize() => inner.LocalSize();

        private static GalleryUnavailableException Down() => new("11 of 12 shards answered (shard m/3-of-12: no answer in time); retry.");
    }
}
