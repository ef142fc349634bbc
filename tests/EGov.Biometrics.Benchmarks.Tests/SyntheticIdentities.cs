namespace EGov.Biometrics.Benchmarks.Tests;

/// <summary>
/// Embeddings of people who are easy to tell apart: person p is axis p plus a little noise. The first
/// <c>multi</c> people have three images each, the next <c>singles</c> one.
/// </summary>
internal static class SyntheticIdentities
{
    public static (Dictionary<string, IReadOnlyList<string>> People, Dictionary<string, float[]> Embeddings) Create(int multi, int singles, int dimension, int seed = 3)
    {
        var random = new Random(seed);
        var people = new Dictionary<string, IReadOnlyList<string>>();
        var embeddings = new Dictionary<string, float[]>();
        for (var p = 0; p < multi + singles; p++)
        {
            var name = $"person{p:D2}";
            var images = Enumerable.Range(0, p < multi ? 3 : 1).Select(i => $"{name}_{i}").ToList();
            people[name] = images;
            foreach (var image in images)
            {
                var v = Enumerable.Range(0, dimension).Select(_ => (float)(random.NextDouble() * 0.05)).ToArray();
                v[p] += 1;
                var norm = MathF.Sqrt(v.Sum(x => x * x));
                embeddings[image] = [.. v.Select(x => x / norm)];
            }
        }

        return (people, embeddings);
    }
}
