namespace EGov.Biometrics.Benchmarks.Accuracy;

public static class VerificationMetrics
{
    /// <summary>
    /// Ten-fold accuracy: for each fold, the threshold that maximises accuracy on the other nine is applied to it.
    /// </summary>
    public static VerificationResult Evaluate(IReadOnlyList<ScoredPair> pairs)
    {
        var folds = pairs.Max(p => p.Fold) + 1;
        var accuracies = new List<double>(folds);
        for (var fold = 0; fold < folds; fold++)
        {
            var threshold = BestThreshold(pairs.Where(p => p.Fold != fold).ToList());
            var test = pairs.Where(p => p.Fold == fold).ToList();
            accuracies.Add(test.Count(p => (p.Score >= threshold) == p.Genuine) / (double)test.Count);
        }

        var mean = accuracies.Average();
        var std = Math.Sqrt(accuracies.Sum(a => (a - mean) * (a - mean)) / accuracies.Count);
        var genuine = pairs.Where(p => p.Genuine).Select(p => p.Score).ToArray();
        var impostor = pairs.Where(p => !p.Genuine).Select(p => p.Score).ToArray();
        return new VerificationResult(
            mean, std, Auc(genuine, impostor), Eer(genuine, impostor), TarAtFar(genuine, impostor, 1e-3), 1.0 / impostor.Length, accuracies);
    }

    /// <summary>The threshold (midway between neighbouring scores) with the highest accuracy.</summary>
    public static float BestThreshold(IReadOnlyList<ScoredPair> pairs)
    {
        var sorted = pairs.OrderBy(p => p.Score).ToArray();

        // Threshold below sorted[i]: pairs before i are rejected, i and after accepted.
        var correct = sorted.Count(p => p.Genuine); // everything accepted: the genuine pairs are right
        var (best, bestThreshold) = (correct, sorted[0].Score - 1e-6f);
        for (var i = 0; i < sorted.Length; i++)
        {
            correct += sorted[i].Genuine ? -1 : 1; // moving the threshold above sorted[i] rejects it
            var next = i + 1 < sorted.Length ? sorted[i + 1].Score : sorted[i].Score + 1e-3f;
            if (correct > best && next > sorted[i].Score)
            {
                (best, bestThreshold) = (correct, (sorted[i].Score + next) / 2);
            }
        }

        return bestThreshold;
    }

    /// <summary>Area under the ROC curve: the probability that a genuine pair outscores an impostor pair (ties count half).</summary>
    public static double Auc(float[] genuine, float[] impostor)
    {
        var imp = impostor.Order().ToArray();
        double wins = 0;
        foreach (var g in genuine)
        {
            var below = LowerBound(imp, g);
            var notAbove = UpperBound(imp, g);
            wins += below + ((notAbove - below) / 2.0);
        }

        return wins / ((double)genuine.Length * imp.Length);
    }

    /// <summary>Equal error rate: where the false-non-match rate meets the false-match rate.</summary>
    public static double Eer(float[] genuine, float[] impostor)
    {
        var gen = genuine.Order().ToArray();
        var imp = impostor.Order().ToArray();
        var best = (Gap: double.MaxValue, Rate: 1.0);
        foreach (var t in gen.Concat(imp).Distinct().Order())
        {
            var fnmr = LowerBound(gen, t) / (double)gen.Length;
            var fmr = (imp.Length - LowerBound(imp, t)) / (double)imp.Length;
            if (Math.Abs(fnmr - fmr) < best.Gap)
            {
                best = (Math.Abs(fnmr - fmr), (fnmr + fmr) / 2);
            }
        }

        return best.Rate;
    }

    /// <summary>True-accept rate at the lowest threshold whose false-accept rate does not exceed <paramref name="far"/>.</summary>
    public static double TarAtFar(float[] genuine, float[] impostor, double far)
    {
        var threshold = ThresholdAtFmr(impostor, far);
        return genuine.Count(g => g > threshold) / (double)genuine.Length;
    }

    /// <summary>The score above which at most a fraction <paramref name="fmr"/> of impostor scores lie.</summary>
    public static float ThresholdAtFmr(float[] impostor, double fmr)
    {
        var desc = impostor.OrderDescending().ToArray();
        var allowed = (int)Math.Floor(fmr * desc.Length);
        return desc[Math.Min(allowed, desc.Length - 1)];
    }

    internal static int LowerBound(float[] sorted, float value)
    {
        int lo = 0, hi = sorted.Length;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (sorted[mid] < value)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        return lo;
    }

    internal static int UpperBound(float[] sorted, float value)
    {
        int lo = 0, hi = sorted.Length;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (sorted[mid] <= value)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        return lo;
    }
}
