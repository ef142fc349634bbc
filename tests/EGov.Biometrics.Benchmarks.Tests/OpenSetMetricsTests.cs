using EGov.Biometrics.Benchmarks.Accuracy;
using EGov.Biometrics.Matching.Search;

namespace EGov.Biometrics.Benchmarks.Tests;

public sealed class OpenSetMetricsTests
{
    [Fact]
    public void Fnir_counts_mated_probes_below_the_threshold_the_non_mated_set_at_the_fpir()
    {
        // 100 non-mated best scores 0.00 .. 0.99: at FPIR 0.01 one may pass, so the threshold is the second highest, 0.98.
        var nonMated = Enumerable.Range(0, 100).Select(i => i / 100f).ToArray();
        (float, bool)[] mated = [(0.99f, true), (0.985f, true), (0.98f, true), (0.5f, true), (0.995f, false)];

        // Fail: 0.98 (not above), 0.5 (below), 0.995 (mate not first) -> 3 of 5.
        Assert.Equal(0.6, OpenSetMetrics.FnirAtFpir(mated, nonMated, 0.01), 12);

        // At FPIR 0.05 the threshold is 0.94: only the two probes whose mate is not at rank 1 or scores 0.5 fail.
        Assert.Equal(0.4, OpenSetMetrics.FnirAtFpir(mated, nonMated, 0.05), 12);
    }

    [Fact]
    public void Recall_is_the_share_of_the_exact_top_k_found_in_the_approximate_top_k()
    {
        IReadOnlyList<SubjectHit>[] exact = [Hits("a", "b", "c"), Hits("d", "e", "f")];
        IReadOnlyList<SubjectHit>[] approximate = [Hits("a", "c", "x"), Hits("e", "d", "f")];

        // Probe 1: a = a; probe 2: e != d.
        Assert.Equal(0.5, OpenSetMetrics.RecallAtK(exact, approximate, 1), 12);

        // Top 3: probe 1 finds a, c of a, b, c (2/3); probe 2 finds all three in another order.
        Assert.Equal(((2 / 3.0) + 1) / 2, OpenSetMetrics.RecallAtK(exact, approximate, 3), 12);
    }

    [Fact]
    public void Top_reports_the_rank_1_score_and_whether_it_is_the_mate()
    {
        Assert.Equal((0.9f, true), OpenSetMetrics.Top(Hits("a", "b"), "a"));
        Assert.Equal((0.9f, false), OpenSetMetrics.Top(Hits("b", "a"), "a"));
        Assert.Equal((float.MinValue, false), OpenSetMetrics.Top([], "a"));
    }

    // Hits best first, scores 0.9, 0.8, ...
    private static SubjectHit[] Hits(params string[] subjects) =>
        [.. subjects.Select((s, i) => new SubjectHit(s, 0.9f - (i / 10f), i))];
}
