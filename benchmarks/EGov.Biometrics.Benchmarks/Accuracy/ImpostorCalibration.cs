using System.Numerics.Tensors;
using EGov.Biometrics.Vision.Models;

namespace EGov.Biometrics.Benchmarks.Accuracy;

/// <summary>
/// Thresholds by false-match rate from every cross-identity comparison of a set of embeddings (about 87
/// million on LFW). An FMR is resolved when at least ten impostor scores lie above its threshold; below
/// that the tail is extrapolated from an exponential fit to the top impostor scores and marked as such
/// (and left out when too few impostors exist even for the fit).
/// </summary>
public static class ImpostorCalibration
{
    public static readonly double[] Targets = [1e-2, 1e-3, 1e-4, 1e-5, 1e-6];

    public sealed record Result(long ImpostorPairs, IReadOnlyList<FmrThreshold> Thresholds);

    /// <param name="items">Each embedding with its identity.</param>
    public static Result Calibrate(IReadOnlyList<(string Identity, float[] Vector)> items)
    {
        // A histogram of all impostor scores in fine bins (1e-4 wide) instead of the scores themselves.
        const int Bins = 20000;
        var counts = CrossIdentityHistogram.Count(
            items, Bins, (a, b) => Math.Clamp((int)((TensorPrimitives.Dot<float>(a, b) + 1) / 2 * Bins), 0, Bins - 1));
        var total = counts.Sum();

        // Walk down from the top bin: the threshold for an FMR is the upper edge of the bin where the count above it first exceeds FMR·N.
        var thresholds = new List<FmrThreshold>();
        var fit = TailFit(counts, total, Bins);
        foreach (var fmr in Targets)
        {
            var allowed = fmr * total;
            if (allowed >= 10)
            {
                long above = 0;
                var b = Bins - 1;
                while (b > 0 && above + counts[b] <= allowed)
                {
                    above += counts[b--];
                }

                thresholds.Add(new FmrThreshold(fmr, (float)Math.Round(((b + 1.0) / Bins * 2) - 1, 4)));
            }
            else if (fit is not null)
            {
                thresholds.Add(new FmrThreshold(fmr, (float)Math.Round(fit(fmr), 4), Extrapolated: true));
            }
        }

        return new Result(total, thresholds);
    }

    // log10(FMR) is close to linear in the score along the impostor tail: fit it from FMR 1e-2 down to the
    // last point with ten scores above it. Too few impostors for two such points: no extrapolation (null).
    private static Func<double, double>? TailFit(long[] counts, long total, int bins)
    {
        var points = new List<(double Score, double LogFmr)>();
        long above = 0;
        for (var b = bins - 1; b >= 0; b--)
        {
            above += counts[b];
            if (above >= 10 && above <= 1e-2 * total && counts[b] > 0)
            {
                points.Add(((b / (double)bins * 2) - 1, Math.Log10(above / (double)total)));
            }
        }

        if (points.Count < 2)
        {
            return null;
        }

        var (mx, my) = (points.Average(p => p.Score), points.Average(p => p.LogFmr));
        var slope = points.Sum(p => (p.Score - mx) * (p.LogFmr - my)) / points.Sum(p => (p.Score - mx) * (p.Score - mx));
        return fmr => mx + ((Math.Log10(fmr) - my) / slope);
    }
}
