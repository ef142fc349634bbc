using System.Numerics.Tensors;

namespace EGov.Biometrics.Benchmarks.Accuracy;

/// <summary>
/// Mean and standard deviation of the cosine score over every cross-identity pair of a set (about 87 million
/// on LFW): what z-normalising one embedder's scores for fusion needs. Read from a histogram of 1e-4 wide bins.
/// </summary>
public static class ImpostorMoments
{
    public static (double Mean, double Std) Of(IReadOnlyList<(string Identity, float[] Vector)> items)
    {
        const int Bins = 20000;
        var counts = CrossIdentityHistogram.Count(
            items, Bins, (a, b) => Math.Clamp((int)((TensorPrimitives.Dot<float>(a, b) + 1) / 2 * Bins), 0, Bins - 1));
        return FromHistogram(counts);
    }

    /// <summary>The moments of scores binned uniformly over [-1, 1], each taken at its bin's centre.</summary>
    public static (double Mean, double Std) FromHistogram(long[] counts)
    {
        double n = 0, sum = 0, squares = 0;
        for (var b = 0; b < counts.Length; b++)
        {
            var score = ((b + 0.5) / counts.Length * 2) - 1;
            n += counts[b];
            sum += counts[b] * score;
            squares += counts[b] * score * score;
        }

        var mean = sum / n;
        return (mean, Math.Sqrt(Math.Max(0, (squares / n) - (mean * mean))));
    }
}
