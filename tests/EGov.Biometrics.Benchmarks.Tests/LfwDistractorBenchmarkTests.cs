using EGov.Biometrics.Benchmarks.Accuracy;
using EGov.Biometrics.Matching.Search;

namespace EGov.Biometrics.Benchmarks.Tests;

public sealed class LfwDistractorBenchmarkTests
{
    [Fact]
    public void A_method_is_measured_against_exact_search_among_distractors()
    {
        var (people, embeddings) = Identities();
        GallerySearchMethod[] methods =
        [
            new("again", (g, q, k) => g.IdentifySubjects(q, k, SearchMethod.Exact)),

            // Always one place off: never the exact rank 1, nine of the exact top 10.
            new("shifted", (g, q, k) => [.. g.IdentifySubjects(q, k + 1, SearchMethod.Exact).Skip(1)]),
        ];

        var report = new LfwDistractorBenchmark(_ => { }).Run(people, embeddings, distractors: 500, methods);

        Assert.Equal((30, 500L, 60, 40), (report.GallerySubjects, report.Distractors, report.MatedProbes, report.NonMatedProbes));
        var (exact, again, shifted) = (report.Methods[0], report.Methods[1], report.Methods[2]);
        Assert.Equal("exact", exact.Method);
        Assert.Equal(1.0, exact.Rank1);
        Assert.Equal(0.0, exact.FnirAtFpir1e2);
        Assert.Equal((1.0, 1.0, 0.0, 0.0), (again.RecallAt1, again.RecallAt10, again.Rank1MinusExact, again.FnirMinusExact));
        Assert.Equal((0.0, 0.9, 0.0, -1.0, 1.0), (shifted.RecallAt1, Math.Round(shifted.RecallAt10, 12), shifted.Rank1, shifted.Rank1MinusExact, shifted.FnirAtFpir1e2));
        Assert.Equal((1.0, 1.0, 1.0), (again.RecallAt1Mated, again.RecallAt1NonMated, again.RecallAt1AboveThreshold));
        Assert.Equal((0.0, 0.0, 0.0), (shifted.RecallAt1Mated, shifted.RecallAt1NonMated, shifted.RecallAt1AboveThreshold));
        Assert.Equal(100, again.TimedQueries);
        Assert.Equal(["lfw identities", "synthetic distractors"], report.ImpostorScores.Select(s => s.Source));
    }

    [Fact]
    public void A_probe_limit_keeps_probes_from_every_part_of_the_list()
    {
        var (people, embeddings) = Identities();

        var report = new LfwDistractorBenchmark(_ => { }).Run(people, embeddings, distractors: 100, [], probeLimit: 10);

        Assert.Equal((10, 10), (report.MatedProbes, report.NonMatedProbes));
        Assert.Single(report.Methods);
    }

    // 30 people with 3 images each (one-hot identities with a little noise), 40 with one image: more faces than dimensions to fit.
    private static (Dictionary<string, IReadOnlyList<string>> People, Dictionary<string, float[]> Embeddings) Identities() =>
        SyntheticIdentities.Create(multi: 30, singles: 40, dimension: 80);
}
