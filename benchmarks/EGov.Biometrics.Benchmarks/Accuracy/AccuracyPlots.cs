using ScottPlot;

namespace EGov.Biometrics.Benchmarks.Accuracy;

/// <summary>DET and ROC curves and score histograms as PNG files, for people to read.</summary>
public static class AccuracyPlots
{
    /// <param name="directory">Where the PNG files go.</param>
    /// <param name="title">The variant measured.</param>
    /// <param name="pairs">The scored LFW pairs.</param>
    /// <param name="threshold">The operating point drawn on the histogram.</param>
    public static IReadOnlyList<string> Write(string directory, string title, IReadOnlyList<ScoredPair> pairs, OperatingPointMark threshold)
    {
        Directory.CreateDirectory(directory);
        var genuine = pairs.Where(p => p.Genuine).Select(p => p.Score).Order().ToArray();
        var impostor = pairs.Where(p => !p.Genuine).Select(p => p.Score).Order().ToArray();
        var curve = ErrorCurve(genuine, impostor);
        return
        [
            Det(Path.Combine(directory, "lfw-det.png"), title, curve),
            Roc(Path.Combine(directory, "lfw-roc.png"), title, curve),
            Histogram(Path.Combine(directory, "lfw-scores.png"), title, genuine, impostor, threshold),
        ];
    }

    // (FMR, FNMR) at every distinct threshold, from the sorted score lists.
    private static List<(double Fmr, double Fnmr)> ErrorCurve(float[] genuine, float[] impostor) =>
        genuine.Concat(impostor).Distinct().Order().Select(t =>
            ((impostor.Length - VerificationMetrics.LowerBound(impostor, t)) / (double)impostor.Length,
             VerificationMetrics.LowerBound(genuine, t) / (double)genuine.Length)).ToList();

    private static string Det(string path, string title, List<(double Fmr, double Fnmr)> curve)
    {
        const double Floor = 1e-4;
        var points = curve.Where(p => p.Fmr > 0 && p.Fnmr > 0).ToList();
        return Curve(
            path, $"DET — {title}", "false non-match rate (FNMR)", logY: true,
            points.Select(p => Math.Log10(Math.Max(p.Fmr, Floor))), points.Select(p => Math.Log10(Math.Max(p.Fnmr, Floor))));
    }

    private static string Roc(string path, string title, List<(double Fmr, double Fnmr)> curve)
    {
        var points = curve.Where(p => p.Fmr > 0).ToList();
        return Curve(path, $"ROC — {title}", "true accept rate (TAR)", logY: false, points.Select(p => Math.Log10(p.Fmr)), points.Select(p => 1 - p.Fnmr));
    }

    // An error curve against log10(FMR) on the x axis.
    private static string Curve(string path, string title, string yLabel, bool logY, IEnumerable<double> xs, IEnumerable<double> ys)
    {
        var plot = new Plot();
        plot.Add.ScatterLine(xs.ToArray(), ys.ToArray()).LineWidth = 2;
        LogAxis(plot.Axes.Bottom);
        if (logY)
        {
            LogAxis(plot.Axes.Left);
        }

        plot.Title(title);
        plot.XLabel("false match rate (FMR)");
        plot.YLabel(yLabel);
        plot.SavePng(path, 800, 600);
        return path;
    }

    private static string Histogram(string path, string title, float[] genuine, float[] impostor, OperatingPointMark threshold)
    {
        const int Bins = 80;
        var (lo, hi) = (Math.Min(genuine[0], impostor[0]), Math.Max(genuine[^1], impostor[^1]));
        var width = (hi - lo) / Bins;
        double[] Density(float[] scores)
        {
            var counts = new double[Bins];
            foreach (var s in scores)
            {
                counts[Math.Min(Bins - 1, (int)((s - lo) / width))] += 1.0 / scores.Length;
            }

            return counts;
        }

        var centres = Enumerable.Range(0, Bins).Select(i => lo + ((i + 0.5) * width)).Select(c => (double)c).ToArray();
        var plot = new Plot();
        var g = plot.Add.ScatterLine(centres, Density(genuine));
        g.LegendText = $"genuine ({genuine.Length})";
        g.LineWidth = 2;
        var i = plot.Add.ScatterLine(centres, Density(impostor));
        i.LegendText = $"impostor ({impostor.Length})";
        i.LineWidth = 2;
        var t = plot.Add.VerticalLine(threshold.Threshold);
        t.LegendText = $"threshold {threshold.Threshold:F3} at FMR {threshold.Fmr:0e0}";
        t.LinePattern = LinePattern.Dashed;
        plot.ShowLegend();
        plot.Title($"Score distributions — {title}");
        plot.XLabel("cosine similarity");
        plot.YLabel("fraction of pairs");
        plot.SavePng(path, 800, 600);
        return path;
    }

    private static void LogAxis(ScottPlot.IAxis axis) =>
        axis.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic
        {
            LabelFormatter = v => $"1e{v:0}",
            MinorTickGenerator = new ScottPlot.TickGenerators.LogMinorTickGenerator(),
            IntegerTicksOnly = true,
        };
}
