namespace EGov.Biometrics.Matching.Tests;

/// <summary>Deterministic unit vectors for tests.</summary>
internal static class RandomVectors
{
    public static float[] Unit(Random random, int dimension)
    {
        var v = new float[dimension];
        double norm = 0;
        for (var i = 0; i < dimension; i++)
        {
            v[i] = (float)((random.NextDouble() * 2) - 1);
            norm += v[i] * v[i];
        }

        var inverse = (float)(1 / Math.Sqrt(norm));
        for (var i = 0; i < dimension; i++)
        {
            v[i] *= inverse;
        }

        return v;
    }

    /// <summary>A unit vector near <paramref name="centre"/>: the centre plus noise of the given size, renormalised.</summary>
    public static float[] Near(Random random, float[] centre, float noise)
    {
        var v = Unit(random, centre.Length);
        var mixed = centre.Select((c, i) => c + (noise * v[i])).ToArray();
        var norm = (float)Math.Sqrt(mixed.Sum(x => (double)x * x));
        return mixed.Select(x => x / norm).ToArray();
    }

    public static double ScalarDot(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        double sum = 0;
        for (var i = 0; i < a.Length; i++)
        {
            sum += (double)a[i] * b[i];
        }

        return sum;
    }
}
