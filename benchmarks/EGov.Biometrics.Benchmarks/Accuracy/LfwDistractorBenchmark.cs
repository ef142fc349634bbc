using System.Diagnostics;
using System.Numerics.Tensors;
using EGov.Biometrics.Matching.Gallery;
using EGov.Biometrics.Matching.Search;

namespace EGov.Biometrics.Benchmarks.Accuracy;

/// <summary>
/// Approximate 1:N search (<c>methods</c>) against exact on real face embeddings in a national-size gallery. Gallery: the first
/// image of every LFW identity with two or more images, plus <c>distractors</c> synthetic faces
/// (<see cref="GaussianDistractors"/>, fitted to all LFW embeddings). Mated probes: the other images of those
/// identities. Non-mated probes: the images of the single-image identities, who are not enrolled; they set each
/// method's threshold at a given FPIR. Exact search (batched) is the reference for recall.
/// </summary>
public sealed class LfwDistractorBenchmark(Action<string> progress)
{
    private const int K = 10;

    private const int ExactTimedProbes = 32;

    private const string DistractorPrefix = "~distractor-";

    public DistractorReport Run(
        IReadOnlyDictionary<string, IReadOnlyList<string>> people,
        IReadOnlyDictionary<string, float[]> embeddings,
        long distractors,
        IReadOnlyList<GallerySearchMethod> methods,
        int seed = 14,
        int probeLimit = 0,
        string variant = "",
        string cpu = "")
    {
        var multi = people.Where(p => p.Value.Count >= 2).OrderBy(p => p.Key, StringComparer.Ordinal).ToList();
        var enrolled = multi.Select(p => (Name: p.Key, Vector: embeddings[p.Value[0]])).ToList();
        var mated = Sample(multi.SelectMany(p => p.Value.Skip(1).Select(path => (Mate: p.Key, Vector: embeddings[path]))).ToList(), probeLimit);
        var nonMated = Sample(
            people.Where(p => p.Value.Count == 1).OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => (Mate: string.Empty, Vector: embeddings[p.Value[0]])).ToList(),
            probeLimit);
        if (enrolled.Count == 0 || nonMated.Count == 0)
        {
            throw new InvalidDataException(
                $"The dataset has {enrolled.Count} people with two or more images (mates) and {nonMated.Count} with one (non-mated probes); it needs both.");
        }

        var probes = mated.Concat(nonMated).Select(p => p.Vector).ToList();
        var dimension = enrolled[0].Vector.Length;

        progress($"LFW alone: {enrolled.Count} enrolled, {mated.Count} mated and {nonMated.Count} non-mated probes");
        var lfwOnly = new FaceGallery(dimension);
        AddEnrolled(lfwOnly, enrolled);
        var lfwOnlyHits = Batched(lfwOnly, probes);

        progress($"fitting the distractor model to {embeddings.Count} embeddings");
        var model = GaussianDistractors.Fit([.. embeddings.Values], seed);
        var gallery = new FaceGallery(dimension);
        AddEnrolled(gallery, enrolled);
        var generation = Stopwatch.StartNew();
        model.Generate(0, distractors, (row, vector) => gallery.Add(enrolled.Count + row, DistractorPrefix + row, vector));
        generation.Stop();
        progress($"{distractors:N0} distractors generated and enrolled in {generation.Elapsed.TotalSeconds:F0} s");

        progress($"exact search (batched) for {probes.Count} probes");
        var exact = Batched(gallery, probes);

        var impostorScores = StrangerScores(enrolled, model, mated.Concat(nonMated).ToList());

        // Exact search one probe at a time costs a full scan each: its time is the median over a sample.
        var timed = probes.Take(ExactTimedProbes).ToList();
        var exactTimes = timed.Select(p => Stopwatches.MedianMs(() => gallery.IdentifySubjects(p, K, SearchMethod.Exact), runs: 1, warmup: 0)).ToList();
        var (rank1, fnir2, threshold, fnir3) = OpenSet(exact, mated);
        var reference = new SearchMethodReport("exact", 1, 1, 1, 1, 1, rank1, fnir2, threshold, fnir3, Stopwatches.Median(exactTimes), timed.Count, 0, 0);
        var aboveThreshold = Enumerable.Range(0, probes.Count).Where(i => exact[i][0].Score > reference.ThresholdAtFpir1e2).ToList();
        double RecallAt1(IReadOnlyList<SubjectHit>[] hits, IEnumerable<int> which)
        {
            var subset = which.ToList();
            return subset.Count == 0 ? 1 : OpenSetMetrics.RecallAtK([.. subset.Select(i => exact[i])], [.. subset.Select(i => hits[i])], 1);
        }

        var reports = new List<SearchMethodReport> { reference };
        foreach (var method in methods)
        {
            progress($"{method.Name}: {probes.Count} probes, one at a time");
            var hits = new IReadOnlyList<SubjectHit>[probes.Count];
            var times = new double[probes.Count];
            for (var i = 0; i < probes.Count; i++)
            {
                var start = Stopwatch.GetTimestamp();
                hits[i] = method.Identify(gallery, probes[i], K);
                times[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
            }

            (rank1, fnir2, threshold, fnir3) = OpenSet(hits, mated);
            reports.Add(new SearchMethodReport(
                method.Name, OpenSetMetrics.RecallAtK(exact, hits, 1), OpenSetMetrics.RecallAtK(exact, hits, K),
                RecallAt1(hits, Enumerable.Range(0, mated.Count)), RecallAt1(hits, Enumerable.Range(mated.Count, nonMated.Count)), RecallAt1(hits, aboveThreshold),
                rank1, fnir2, threshold, fnir3,
                Stopwatches.Median(times), times.Length, rank1 - reference.Rank1, fnir2 - reference.FnirAtFpir1e2));
        }

        var (lfwRank1, lfwFnir, _, _) = OpenSet(lfwOnlyHits, mated);
        var nonMatedTop = exact.Skip(mated.Count).ToList();
        var matedErrors = exact.Take(mated.Count).Where((h, i) => h[0].SubjectId != mated[i].Mate && h[0].SubjectId.StartsWith(DistractorPrefix, StringComparison.Ordinal));
        return new DistractorReport(
            variant, cpu, enrolled.Count, distractors, mated.Count, nonMated.Count, lfwRank1, lfwFnir,
            nonMatedTop.Count(h => h[0].SubjectId.StartsWith(DistractorPrefix, StringComparison.Ordinal)) / (double)nonMatedTop.Count,
            matedErrors.Count(), impostorScores, reports, generation.Elapsed.TotalSeconds);
    }

    private static void AddEnrolled(FaceGallery gallery, IReadOnlyList<(string Name, float[] Vector)> enrolled)
    {
        for (var i = 0; i < enrolled.Count; i++)
        {
            gallery.Add(i, enrolled[i].Name, enrolled[i].Vector);
        }
    }

    // Every n-th probe, so that a limited run still spans all identities.
    private static List<(string Mate, float[] Vector)> Sample(List<(string Mate, float[] Vector)> probes, int limit)
    {
        if (limit <= 0 || probes.Count <= limit)
        {
            return probes;
        }

        var step = probes.Count / (double)limit;
        return [.. Enumerable.Range(0, limit).Select(i => probes[(int)(i * step)])];
    }

    private static IReadOnlyList<SubjectHit>[] Batched(FaceGallery gallery, IReadOnlyList<float[]> probes) =>
        [.. probes.Chunk(64).SelectMany(batch => gallery.IdentifySubjectsBatch(batch, K, SearchMethod.Exact))];

    private static (double Rank1, double Fnir2, float Threshold, double Fnir3) OpenSet(
        IReadOnlyList<IReadOnlyList<SubjectHit>> hits, IReadOnlyList<(string Mate, float[] Vector)> mated)
    {
        var matedTop = mated.Select((p, i) => OpenSetMetrics.Top(hits[i], p.Mate)).ToList();
        var nonMatedTop = hits.Skip(mated.Count).Select(h => h.Count == 0 ? float.MinValue : h[0].Score).ToArray();
        return (
            matedTop.Count(m => m.MateFirst) / (double)matedTop.Count,
            OpenSetMetrics.FnirAtFpir(matedTop, nonMatedTop, 0.01),
            VerificationMetrics.ThresholdAtFmr(nonMatedTop, 0.01),
            OpenSetMetrics.FnirAtFpir(matedTop, nonMatedTop, 0.003));
    }

    // Probe-to-stranger scores of up to 500 probes: against the enrolled LFW identities other than their own,
    // and against as many synthetic distractors.
    private static IReadOnlyList<ScoreDistribution> StrangerScores(
        IReadOnlyList<(string Name, float[] Vector)> enrolled, GaussianDistractors model, IReadOnlyList<(string Mate, float[] Vector)> probes)
    {
        var sample = Sample([.. probes], 500);
        var synthetic = new float[enrolled.Count][];
        model.Generate(0, enrolled.Count, (row, vector) => synthetic[row] = vector);
        var real = sample.SelectMany(p => enrolled.Where(e => e.Name != p.Mate).Select(e => TensorPrimitives.Dot<float>(p.Vector, e.Vector))).ToArray();
        var fake = sample.SelectMany(p => synthetic.Select(s => TensorPrimitives.Dot<float>(p.Vector, s))).ToArray();
        return [ScoreDistribution.Of("lfw identities", real), ScoreDistribution.Of("synthetic distractors", fake)];
    }
}
