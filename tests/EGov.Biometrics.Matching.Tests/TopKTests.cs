using EGov.Biometrics.Matching.Search;

namespace EGov.Biometrics.Matching.Tests;

public sealed class TopKTests
{
    [Theory]
    [InlineData(1, 100)]
    [InlineData(10, 5)]
    [InlineData(10, 1000)]
    [InlineData(64, 10_000)]
    public void Keeps_the_k_best_in_order(int k, int n)
    {
        var random = new Random(k * n);
        var scores = Enumerable.Range(0, n).Select(_ => (float)random.NextDouble()).ToArray();
        var top = new TopK(k);
        for (var i = 0; i < n; i++)
        {
            top.Add(scores[i], i);
        }

        var expected = scores.Select((s, i) => (s, i)).OrderByDescending(x => x.s).Take(k).Select(x => x.i);
        Assert.Equal(expected, top.Sorted().Select(e => e.Row));
    }

    [Fact]
    public void Merging_heaps_equals_one_heap()
    {
        var (a, b, all) = (new TopK(5), new TopK(5), new TopK(5));
        for (var i = 0; i < 50; i++)
        {
            (i % 2 == 0 ? a : b).Add(i * 7 % 50, i);
            all.Add(i * 7 % 50, i);
        }

        a.AddAll(b);
        Assert.Equal(all.Sorted(), a.Sorted());
    }
}
