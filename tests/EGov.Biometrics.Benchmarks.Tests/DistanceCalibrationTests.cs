using EGov.Biometrics.Benchmarks.Accuracy;
using EGov.Biometrics.Vision.Recognition;

namespace EGov.Biometrics.Benchmarks.Tests;

public sealed class DistanceCalibrationTests
{
    [Fact]
    public void Tolerances_let_within_them_at_most_the_requested_fraction_of_impostor_pairs()
    {
        // 1,000 people on a line, Step apart: k steps separate 1,000 − k pairs. Two more encodings of one person,
        // at distance 0, are a genuine pair and must not count.
        const double Step = 0.00317;
        var items = Enumerable.Range(0, 1000).Select(i => ($"id{i}", Encoding(i * Step))).ToList();
        items.Add(("same", Encoding(3.5)));
        items.Add(("same", Encoding(3.5)));

        var (pairs, tolerances) = DistanceCalibration.Calibrate(items);

        // 1000·999/2 among the line, and each of the two "same" encodings against the 1,000.
        Assert.Equal((1000L * 999 / 2) + 2000, pairs);
        Assert.Equal([1e-2, 1e-3, 1e-4], tolerances.Select(t => t.Fmr));
        foreach (var row in tolerances)
        {
            var within = items.SelectMany((a, i) => items.Skip(i + 1).Where(b => b.Item1 != a.Item1).Select(b => FaceRecognition.FaceDistance(a.Item2, b.Item2)))
                .Count(d => d <= row.Threshold);
            Assert.True(within <= row.Fmr * pairs, $"FMR {row.Fmr}: {within} impostor pairs within {row.Threshold}");
        }

        // FMR 1e-2 allows 5,015 pairs: one to five steps hold 4,985, six steps would make 5,979.
        Assert.InRange(tolerances[0].Threshold, 5 * Step, 6 * Step);
    }

    private static FaceEncoding Encoding(double x)
    {
        var values = new double[FaceEncoding.Length];
        values[0] = x;
        return new FaceEncoding(values);
    }
}
