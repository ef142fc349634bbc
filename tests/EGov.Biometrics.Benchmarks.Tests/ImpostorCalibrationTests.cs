using EGov.Biometrics.Benchmarks.Accuracy;

namespace EGov.Biometrics.Benchmarks.Tests;

public sealed class ImpostorCalibrationTests
{
    [Fact]
    public void Thresholds_let_through_the_requested_fraction_of_impostors()
    {
        var random = new Random(5);
        var items = Enumerable.Range(0, 600).Select(i =>
        {
            var v = Enumerable.Range(0, 32).Select(_ => (float)((random.NextDouble() * 2) - 1)).ToArray();
            var norm = MathF.Sqrt(v.Sum(x => x * x));
            return ($"id{i}", v.Select(x => x / norm).ToArray());
        }).ToList();

        var result = ImpostorCalibration.Calibrate(items);

        Assert.Equal(600L * 599 / 2, result.ImpostorPairs);
        var scores = new List<float>();
        for (var i = 0; i < items.Count; i++)
        {
            for (var j = i + 1; j < items.Count; j++)
            {
                scores.Add(System.Numerics.Tensors.TensorPrimitives.Dot<float>(items[i].Item2, items[j].Item2));
            }
        }

        foreach (var row in result.Thresholds.Where(t => !t.Extrapolated))
        {
            var measured = scores.Count(s => s >= row.Threshold) / (double)scores.Count;
            Assert.InRange(measured, row.Fmr * 0.8, row.Fmr * 1.2);
        }

        // 179,700 pairs resolve 1e-2 … 1e-4; the rarer targets are extrapolated and marked.
        Assert.Equal([false, false, false, true, true], result.Thresholds.Select(t => t.Extrapolated));
        Assert.True(result.Thresholds.Zip(result.Thresholds.Skip(1)).All(p => p.Second.Threshold > p.First.Threshold));
    }

    [Fact]
    public void Pairs_of_the_same_identity_are_not_impostors()
    {
        var items = new List<(string, float[])> { ("a", [1f, 0f]), ("a", [1f, 0f]), ("b", [0f, 1f]) };

        Assert.Equal(2, ImpostorCalibration.Calibrate(items).ImpostorPairs);
    }
}
