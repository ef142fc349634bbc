using EGov.Biometrics.Benchmarks.Accuracy;

namespace EGov.Biometrics.Benchmarks.Tests;

public sealed class VerificationMetricsTests
{
    [Fact]
    public void Perfectly_separated_scores_give_perfect_figures()
    {
        var pairs = Enumerable.Range(0, 200)
            .Select(i => new ScoredPair(i % 2 == 0 ? 0.8f + (i * 1e-4f) : 0.1f + (i * 1e-4f), i % 2 == 0, i % 10))
            .ToList();

        var result = VerificationMetrics.Evaluate(pairs);

        Assert.Equal(1.0, result.AccuracyMean);
        Assert.Equal(0.0, result.AccuracyStd);
        Assert.Equal(1.0, result.Auc);
        Assert.Equal(0.0, result.Eer);
        Assert.Equal(1.0, result.TarAtFar1e3);
        Assert.Equal(10, result.FoldAccuracies.Count);
    }

    [Fact]
    public void Identical_distributions_give_chance_figures()
    {
        var scores = Enumerable.Range(0, 1000).Select(i => i / 1000f).ToArray();

        Assert.Equal(0.5, VerificationMetrics.Auc(scores, scores), 3);
        Assert.Equal(0.5, VerificationMetrics.Eer(scores, scores), 2);
    }

    [Fact]
    public void Auc_counts_ties_as_half()
    {
        Assert.Equal(0.5, VerificationMetrics.Auc([0.5f], [0.5f]));
        Assert.Equal(0.75, VerificationMetrics.Auc([0.5f, 0.9f], [0.5f]));
    }

    [Fact]
    public void The_best_threshold_lies_between_the_classes()
    {
        ScoredPair[] pairs = [new(0.2f, false, 0), new(0.3f, false, 0), new(0.6f, true, 0), new(0.7f, true, 0)];

        var threshold = VerificationMetrics.BestThreshold(pairs);

        Assert.InRange(threshold, 0.3f, 0.6f);
    }

    [Fact]
    public void Threshold_at_fmr_lets_through_at_most_that_fraction_of_impostors()
    {
        var impostor = Enumerable.Range(0, 10000).Select(i => i / 10000f).ToArray();

        var threshold = VerificationMetrics.ThresholdAtFmr(impostor, 1e-3);

        Assert.Equal(10, impostor.Count(s => s > threshold));
        Assert.Equal(0.5, VerificationMetrics.TarAtFar([0.1f, 0.9999f], impostor, 1e-3));
    }

    [Fact]
    public void The_threshold_is_chosen_on_the_other_folds()
    {
        // Fold 0 alone is shifted: a threshold learnt on folds 1–9 misclassifies its genuine pairs.
        var pairs = new List<ScoredPair>();
        for (var fold = 0; fold < 10; fold++)
        {
            var shift = fold == 0 ? -0.5f : 0f;
            for (var i = 0; i < 10; i++)
            {
                pairs.Add(new ScoredPair(0.8f + shift, true, fold));
                pairs.Add(new ScoredPair(0.2f, false, fold));
            }
        }

        var result = VerificationMetrics.Evaluate(pairs);

        Assert.Equal(0.5, result.FoldAccuracies[0]);
        Assert.All(result.FoldAccuracies.Skip(1), a => Assert.Equal(1.0, a));
    }
}
