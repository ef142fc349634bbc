using System.Numerics.Tensors;

namespace EGov.Biometrics.Benchmarks.Accuracy;

/// <summary>
/// Gallery: the first image of every person with two or more images (one person in ten held back), plus every
/// single-image person as a distractor. Mated probes: the other images of gallery people. Non-mated probes:
/// all images of the held-back people, who are absent from the gallery.
/// </summary>
public static class OpenSetIdentification
{
    public static IdentificationResult Evaluate(IReadOnlyDictionary<string, IReadOnlyList<string>> people, IReadOnlyDictionary<string, float[]> embeddings)
    {
        var multi = people.Where(p => p.Value.Count >= 2).OrderBy(p => p.Key, StringComparer.Ordinal).ToList();
        var heldBack = multi.Where((_, i) => i % 10 == 9).ToList();
        var enrolled = multi.Where((_, i) => i % 10 != 9).ToList();
        var distractors = people.Where(p => p.Value.Count == 1).ToList();

        var gallery = enrolled.Concat(distractors).Select(p => (Name: p.Key, Vector: embeddings[p.Value[0]])).ToArray();
        var mated = enrolled.SelectMany(p => p.Value.Skip(1).Select(path => (Name: p.Key, Vector: embeddings[path]))).ToArray();
        var nonMated = heldBack.SelectMany(p => p.Value.Select(path => embeddings[path])).ToArray();

        // For each mated probe: the best score of its mate and whether the mate is at rank 1.
        var matedTop = new (float Score, bool MateFirst)[mated.Length];
        Parallel.For(0, mated.Length, i =>
        {
            var (best, bestName, mateScore) = (float.MinValue, string.Empty, float.MinValue);
            foreach (var (name, vector) in gallery)
            {
                var s = TensorPrimitives.Dot<float>(mated[i].Vector, vector);
                if (s > best)
                {
                    (best, bestName) = (s, name);
                }

                if (name == mated[i].Name)
                {
                    mateScore = s;
                }
            }

            matedTop[i] = (mateScore, bestName == mated[i].Name);
        });

        var nonMatedTop = new float[nonMated.Length];
        Parallel.For(0, nonMated.Length, i => nonMatedTop[i] = gallery.Max(g => TensorPrimitives.Dot<float>(nonMated[i], g.Vector)));

        double Fnir(double fpir) => OpenSetMetrics.FnirAtFpir(matedTop, nonMatedTop, fpir);

        return new IdentificationResult(
            enrolled.Count, distractors.Count, mated.Length, nonMated.Length,
            matedTop.Count(m => m.MateFirst) / (double)mated.Length, Fnir(0.01), Fnir(0.003));
    }
}
