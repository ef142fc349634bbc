using EGov.Biometrics.Benchmarks.Accuracy;

namespace EGov.Biometrics.Benchmarks.Tests;

public sealed class ImpostorMomentsTests
{
    [Fact]
    public void Mean_and_deviation_are_those_of_every_cross_identity_score_and_no_same_identity_one()
    {
        // Three people on a circle: cosines between them are cos(0.3) and cos(0.6); the second image of "b"
        // (identical to its first, cosine 1) is a genuine pair and must not count.
        float[] At(double angle) => [(float)Math.Cos(angle), (float)Math.Sin(angle)];
        var items = new List<(string, float[])> { ("a", At(0)), ("b", At(0.3)), ("b", At(0.3)), ("c", At(0.6)) };

        var (mean, std) = ImpostorMoments.Of(items);

        // Impostor pairs: a-b twice, b-c twice, a-c once.
        double[] scores = [Math.Cos(0.3), Math.Cos(0.3), Math.Cos(0.3), Math.Cos(0.3), Math.Cos(0.6)];
        var expectedMean = scores.Average();
        var expectedStd = Math.Sqrt(scores.Average(s => (s - expectedMean) * (s - expectedMean)));
        Assert.Equal(expectedMean, mean, tolerance: 1e-4); // scores are read at their 1e-4 bins' centres
        Assert.Equal(expectedStd, std, tolerance: 1e-4);
    }
}
