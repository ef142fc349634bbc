namespace EGov.Biometrics.Server.Tests;

/// <summary>Deterministic unit vectors standing in for 512-D face templates.</summary>
internal static class TestVectors
{
    public static float[] Unit(int seed)
    {
        var random = new Random(seed);
        var v = Enumerable.Range(0, 512).Select(_ => (float)((random.NextDouble() * 2) - 1)).ToArray();
        var norm = (float)Math.Sqrt(v.Sum(x => (double)x * x));
        return v.Select(x => x / norm).ToArray();
    }
}
