namespace EGov.Biometrics.Service.Decisions;

/// <summary>
/// Two embedders' cosine scores fused by a z-normalised sum: each score less its impostor mean over its impostor
/// standard deviation, added. Divided by the sum of the inverse deviations, that is the weighted mean
/// <c>w1·s1 + w2·s2</c> with <c>wi = (1/σi) / (1/σ1 + 1/σ2)</c> less a constant, an increasing function of the
/// z-sum that stays in [-1, 1]; the fused threshold is calibrated on that weighted mean.
/// </summary>
/// <param name="First">The first embedder's model id.</param>
/// <param name="Second">The second embedder's model id.</param>
/// <param name="FirstWeight">The first score's weight; the second's is one less it.</param>
public sealed record ScoreFusion(string First, string Second, double FirstWeight)
{
    public double SecondWeight => 1 - FirstWeight;

    /// <summary>The weights of a z-normalised sum from each embedder's impostor standard deviation.</summary>
    public static ScoreFusion FromImpostorDeviations(string first, double firstStd, string second, double secondStd)
    {
        if (!(firstStd > 0) || !(secondStd > 0))
        {
            throw new ArgumentOutOfRangeException(nameof(firstStd), $"impostor deviations {firstStd} and {secondStd} must be positive.");
        }

        return new ScoreFusion(first, second, 1 / firstStd / ((1 / firstStd) + (1 / secondStd)));
    }

    /// <summary>The fused score of the two embedders' scores of one comparison.</summary>
    public float Fuse(float first, float second) => (float)((FirstWeight * first) + (SecondWeight * second));

    /// <summary>
    /// One vector from both embedders' unit vectors of a face, scaled so that the dot product of two joined vectors
    /// is <see cref="Fuse"/> of their scores (the joined vector is a unit vector too).
    /// </summary>
    public float[] Join(float[] first, float[] second)
    {
        var joined = new float[first.Length + second.Length];
        var (a, b) = ((float)Math.Sqrt(FirstWeight), (float)Math.Sqrt(SecondWeight));
        for (var i = 0; i < first.Length; i++)
        {
            joined[i] = a * first[i];
        }

        for (var i = 0; i < second.Length; i++)
        {
            joined[first.Length + i] = b * second[i];
        }
        return joined;
    }
}
