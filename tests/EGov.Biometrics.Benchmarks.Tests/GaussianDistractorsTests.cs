using System.Numerics.Tensors;
using EGov.Biometrics.Benchmarks.Accuracy;

namespace EGov.Biometrics.Benchmarks.Tests;

public sealed class GaussianDistractorsTests
{
    private const int Dim = 128;

    [Fact]
    public void Distractors_score_against_a_probe_as_the_real_faces_do()
    {
        // 128-D "faces" sharing a strong common direction (as real embeddings do) with unequal spread per axis.
        var real = Faces(4000, seed: 1);
        var model = GaussianDistractors.Fit(real, seed: 7);
        var fake = new float[4000][];
        model.Generate(0, fake.Length, (row, v) => fake[row] = v);

        var probe = Faces(1, seed: 99)[0];
        var (realMean, realStd) = Moments(real.Select(r => TensorPrimitives.Dot<float>(probe, r)));
        var (fakeMean, fakeStd) = Moments(fake.Select(f => TensorPrimitives.Dot<float>(probe, f)));

        // Uniform noise on the sphere would score about 0 (std 1/sqrt(128) = 0.09); these faces share a direction and score far above.
        Assert.True(realMean > 0.4, $"real mean {realMean}");
        Assert.Equal(realMean, fakeMean, 0.03);
        Assert.Equal(realStd, fakeStd, 0.03);
        Assert.All(fake, f => Assert.Equal(1f, TensorPrimitives.Norm<float>(f), 1e-5f));
    }

    [Fact]
    public void A_distractor_depends_only_on_its_index()
    {
        var model = GaussianDistractors.Fit(Faces(200, seed: 2), seed: 5);
        var all = new float[10_000][];
        model.Generate(0, all.Length, (row, v) => all[row] = v);
        var some = new Dictionary<long, float[]>();
        model.Generate(4090, 12, (row, v) => { lock (some) { some[row] = v; } });

        Assert.Equal(Enumerable.Range(4090, 12).Select(i => (long)i), some.Keys.Order());
        Assert.All(some, s => Assert.Equal(all[s.Key], s.Value));
        Assert.NotEqual(all[0], all[1]);
    }

    [Fact]
    public void Stream_seeds_are_the_same_in_every_process()
    {
        // Fixed values, not ones computed in this process: a per-process hash (HashCode.Combine) would draw
        // other distractors on every run.
        Assert.Equal([0, 1327217884, 506952121, 2064213139], new[] { GaussianDistractors.StreamSeed(0, 0), GaussianDistractors.StreamSeed(0, 1), GaussianDistractors.StreamSeed(0, 2), GaussianDistractors.StreamSeed(14, 0) });
    }

    [Fact]
    public void Fewer_faces_than_dimensions_are_refused()
    {
        var error = Assert.Throws<ArgumentException>(() => GaussianDistractors.Fit(Faces(Dim, seed: 3), seed: 1));
        Assert.Contains("128-D covariance", error.Message, StringComparison.Ordinal);
    }

    private static float[][] Faces(int count, int seed)
    {
        var random = new Random(seed);
        return [.. Enumerable.Range(0, count).Select(_ =>
        {
            var v = Enumerable.Range(0, Dim).Select(j => (float)(NextGaussian(random) * 0.15 / (1 + (j / 32.0)))).ToArray();
            v[0] += 1;
            TensorPrimitives.Divide(v, TensorPrimitives.Norm<float>(v), v);
            return v;
        })];
    }

    private static double NextGaussian(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());

    private static (double Mean, double Std) Moments(IEnumerable<float> scores)
    {
        var s = scores.Select(x => (double)x).ToArray();
        var mean = s.Average();
        return (mean, Math.Sqrt(s.Sum(x => (x - mean) * (x - mean)) / (s.Length - 1)));
    }
}
