using EGov.Biometrics.Service.Decisions;

namespace EGov.Biometrics.Service.Tests;

public sealed class ScoreFusionTests
{
    [Fact]
    public void Weights_are_the_inverse_impostor_deviations_so_the_fused_score_orders_comparisons_as_the_z_sum_does()
    {
        // Impostor means 0.05 and 0.80, deviations 0.10 and 0.05: the second model's scores count twice.
        var fusion = ScoreFusion.FromImpostorDeviations("a", 0.10, "b", 0.05);
        Assert.Equal(1 / 3.0, fusion.FirstWeight, 12);
        Assert.Equal(2 / 3.0, fusion.SecondWeight, 12);

        (float A, float B)[] comparisons = [(0.60f, 0.82f), (0.30f, 0.93f), (0.45f, 0.88f), (0.10f, 0.97f), (0.70f, 0.79f)];
        double ZSum((float A, float B) c) => ((c.A - 0.05) / 0.10) + ((c.B - 0.80) / 0.05);
        Assert.Equal(
            comparisons.OrderBy(ZSum).ToArray(),
            comparisons.OrderBy(c => fusion.Fuse(c.A, c.B)).ToArray());

        // And not as the plain sum would: (0.30, 0.98) is above (0.60, 0.80) only after normalising.
        Assert.True(fusion.Fuse(0.30f, 0.98f) > fusion.Fuse(0.60f, 0.80f));
        Assert.True(0.30f + 0.98f < 0.60f + 0.80f);
    }

    [Fact]
    public void Joined_unit_vectors_score_the_fused_score_by_their_dot_product()
    {
        var fusion = ScoreFusion.FromImpostorDeviations("a", 0.08, "b", 0.03);
        var random = new Random(16);
        float[] Unit(int n)
        {
            var v = Enumerable.Range(0, n).Select(_ => (float)random.NextDouble() - 0.5f).ToArray();
            var norm = MathF.Sqrt(v.Sum(x => x * x));
            return v.Select(x => x / norm).ToArray();
        }

        float Dot(float[] x, float[] y) => x.Zip(y, (p, q) => p * q).Sum();
        var (a1, a2, b1, b2) = (Unit(512), Unit(512), Unit(128), Unit(128));
        var (j1, j2) = (fusion.Join(a1, b1), fusion.Join(a2, b2));

        Assert.Equal(640, j1.Length);
        Assert.Equal(1f, Dot(j1, j1), 4);
        Assert.Equal(fusion.Fuse(Dot(a1, a2), Dot(b1, b2)), Dot(j1, j2), 4);
    }

    [Fact]
    public void A_deviation_that_is_not_positive_is_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => ScoreFusion.FromImpostorDeviations("a", 0, "b", 0.05));
        Assert.Throws<ArgumentOutOfRangeException>(() => ScoreFusion.FromImpostorDeviations("a", 0.1, "b", double.NaN));
    }
}
