using EGov.Biometrics.Matching.Gallery;
using EGov.Biometrics.Matching.Kernels;
using EGov.Biometrics.Matching.Search;

namespace EGov.Biometrics.Matching.Tests;

public sealed class FaceGalleryTests
{
    private const int Dim = 24;

    [Fact]
    public void Exact_search_returns_the_true_top_k_across_segments()
    {
        var random = new Random(1);
        var (gallery, vectors) = Filled(random, 40_000); // more than two segments
        foreach (var query in Enumerable.Range(0, 5).Select(_ => RandomVectors.Unit(random, Dim)))
        {
            var expected = BruteForce(vectors, query, 10);

            var hits = gallery.Search(query, 10);

            Assert.Equal(expected.Select(e => e.Id), hits.Select(h => h.TemplateId));
            Assert.All(hits, h => Assert.Equal(RandomVectors.ScalarDot(vectors[h.TemplateId], query), h.Score, 4));
            Assert.All(hits, h => Assert.Equal($"subject-{h.TemplateId / 3}", h.SubjectId));
        }
    }

    [Fact]
    public void A_batch_gives_each_query_the_same_answer_as_alone()
    {
        var random = new Random(2);
        var (gallery, _) = Filled(random, 20_003); // a last segment whose rows do not fill whole 4-row tiles
        gallery.Remove(20_001);
        var queries = Enumerable.Range(0, 13).Select(_ => RandomVectors.Unit(random, Dim)).ToArray();

        var batch = gallery.SearchBatch(queries, 7);

        for (var q = 0; q < queries.Length; q++)
        {
            Assert.Equal(gallery.Search(queries[q], 7).Select(h => h.TemplateId), batch[q].Select(h => h.TemplateId));
        }
    }

    [Fact]
    public void Int8_search_with_re_rank_finds_the_exact_top_10()
    {
        // Realistic structure: 2,000 people with 5 templates each; probes are new captures of enrolled people.
        var random = new Random(3);
        var gallery = new FaceGallery(128);
        var people = Enumerable.Range(0, 2000).Select(_ => RandomVectors.Unit(random, 128)).ToArray();
        var id = 0L;
        for (var p = 0; p < people.Length; p++)
        {
            for (var t = 0; t < 5; t++)
            {
                gallery.Add(id++, $"p{p}", RandomVectors.Near(random, people[p], 0.8f));
            }
        }

        var found = 0;
        const int Probes = 50;
        for (var i = 0; i < Probes; i++)
        {
            var probe = RandomVectors.Near(random, people[random.Next(people.Length)], 0.8f);
            var exact = gallery.Search(probe, 10).Select(h => h.TemplateId).ToHashSet();
            found += gallery.SearchInt8(probe, 10).Count(h => exact.Contains(h.TemplateId));
        }

        Assert.True(found / (10.0 * Probes) >= 0.99, $"recall@10 {found / (10.0 * Probes):F3}");
    }

    [Fact]
    public void Removed_templates_are_never_found_and_compaction_keeps_the_rest()
    {
        var random = new Random(4);
        var (gallery, vectors) = Filled(random, 30_000);
        foreach (var id in Enumerable.Range(0, 30_000).Where(i => i % 3 == 0))
        {
            Assert.True(gallery.Remove(id));
        }

        Assert.False(gallery.Remove(0));
        Assert.Equal(20_000, gallery.Count);
        Assert.Equal(10_000, gallery.Tombstones);
        var query = vectors[3];
        Assert.DoesNotContain(gallery.Search(query, 50), h => h.TemplateId % 3 == 0);
        var before = gallery.Search(query, 20).Select(h => h.TemplateId).ToList();

        gallery.Compact();

        Assert.Equal(0, gallery.Tombstones);
        Assert.Equal(before, gallery.Search(query, 20).Select(h => h.TemplateId));
        Assert.Equal(before, gallery.SearchInt8(query, 20).Select(h => h.TemplateId));
    }

    [Fact]
    public void Update_replaces_the_vector()
    {
        var random = new Random(5);
        var (gallery, _) = Filled(random, 100);
        var fresh = RandomVectors.Unit(random, Dim);

        gallery.Update(42, fresh);

        var top = gallery.Search(fresh, 1)[0];
        Assert.Equal(42, top.TemplateId);
        Assert.Equal(1f, top.Score, 4);
        Assert.Equal("subject-14", top.SubjectId);
        Assert.Equal(100, gallery.Count);
        Assert.Throws<KeyNotFoundException>(() => gallery.Update(1000, fresh));
    }

    [Fact]
    public void Subjects_are_compared_and_identified_by_their_templates()
    {
        var random = new Random(6);
        var (gallery, vectors) = Filled(random, 3000);
        var probe = vectors[7]; // subject-2 holds templates 6, 7, 8

        var comparison = gallery.CompareSubject(probe, "subject-2")!.Value;

        Assert.Equal(3, comparison.Templates);
        Assert.Equal(1f, comparison.Max, 4);
        Assert.Equal(new[] { 6, 7, 8 }.Average(i => RandomVectors.ScalarDot(vectors[i], probe)), comparison.Mean, 4);
        Assert.Null(gallery.CompareSubject(probe, "nobody"));

        var subjects = gallery.IdentifySubjects(probe, 5);
        var expected = vectors.GroupBy(kv => kv.Key / 3)
            .Select(g => (Subject: $"subject-{g.Key}", Best: g.Max(kv => RandomVectors.ScalarDot(kv.Value, probe))))
            .OrderByDescending(s => s.Best).Take(5).ToList();
        Assert.Equal(expected.Select(e => e.Subject), subjects.Select(s => s.SubjectId));
        Assert.Equal(7, subjects[0].BestTemplateId);

        Assert.Equal(3, gallery.RemoveSubject("subject-2"));
        Assert.False(gallery.ContainsSubject("subject-2"));
        Assert.DoesNotContain(gallery.IdentifySubjects(probe, 5), s => s.SubjectId == "subject-2");
    }

    [Fact]
    public void A_batch_of_probes_finds_the_same_subjects_as_each_probe_alone()
    {
        var random = new Random(9);
        var (gallery, vectors) = Filled(random, 3000);
        gallery.RemoveSubject("subject-4");
        // Probes near enrolled templates (one of them the removed subject's) and strangers, 11 of them: tiles of four and a remainder.
        var probes = Enumerable.Range(0, 11).Select(i => i % 3 == 2 ? RandomVectors.Unit(random, Dim) : RandomVectors.Near(random, vectors[(i * 271 % 3000) + (i == 0 ? 13 : 0)], 0.3f)).ToList();

        var batch = gallery.IdentifySubjectsBatch(probes, 5);

        Assert.Equal(probes.Count, batch.Length);
        for (var q = 0; q < probes.Count; q++)
        {
            var alone = gallery.IdentifySubjects(probes[q], 5);
            Assert.Equal(alone.Select(s => (s.SubjectId, s.BestTemplateId)), batch[q].Select(s => (s.SubjectId, s.BestTemplateId)));
            Assert.Equal(alone.Select(s => s.Score), batch[q].Select(s => s.Score), (a, b) => Math.Abs(a - b) < 1e-5f);
            Assert.DoesNotContain(batch[q], s => s.SubjectId == "subject-4");
        }

        Assert.Contains("L2-normalised", Assert.Throws<ArgumentException>(() => gallery.IdentifySubjectsBatch([probes[0].Select(v => v * 2).ToArray()], 5)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Bad_vectors_are_refused_with_the_reason()
    {
        var gallery = new FaceGallery(Dim);
        var good = RandomVectors.Unit(new Random(8), Dim);
        gallery.Add(1, "s", good);

        Assert.Contains("23 dimensions", Assert.Throws<ArgumentException>(() => gallery.Add(2, "s", good[..23])).Message, StringComparison.Ordinal);
        Assert.Contains("NaN", Assert.Throws<ArgumentException>(() => gallery.Add(2, "s", [float.NaN, .. good[1..]])).Message, StringComparison.Ordinal);
        Assert.Contains("L2-normalised", Assert.Throws<ArgumentException>(() => gallery.Add(2, "s", good.Select(v => v * 2).ToArray())).Message, StringComparison.Ordinal);
        Assert.Contains("already", Assert.Throws<InvalidOperationException>(() => gallery.Add(1, "s", good)).Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => gallery.Search([float.PositiveInfinity, .. good[1..]], 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => gallery.Search(good, 0));
        Assert.Equal(1, gallery.Count);
    }

    [Fact]
    public void Each_kernel_path_gives_the_same_ranking()
    {
        var random = new Random(10);
        var (gallery, _) = Filled(random, 5000);
        var query = RandomVectors.Unit(random, Dim);

        var reference = ExactSearch.Run(gallery.State, query, 10, KernelPath.Scalar).Select(h => h.TemplateId).ToList();

        foreach (var path in Enum.GetValues<KernelPath>().Where(KernelPaths.IsSupported))
        {
            Assert.Equal(reference, ExactSearch.Run(gallery.State, query, 10, path).Select(h => h.TemplateId));
        }
    }

    internal static (FaceGallery Gallery, Dictionary<long, float[]> Vectors) Filled(Random random, int count)
    {
        var gallery = new FaceGallery(Dim);
        var vectors = new Dictionary<long, float[]>();
        for (var i = 0; i < count; i++)
        {
            var v = RandomVectors.Unit(random, Dim);
            vectors[i] = v;
            gallery.Add(i, $"subject-{i / 3}", v);
        }

        return (gallery, vectors);
    }

    private static List<(long Id, double Score)> BruteForce(Dictionary<long, float[]> vectors, float[] query, int k) =>
        vectors.Select(kv => (kv.Key, RandomVectors.ScalarDot(kv.Value, query))).OrderByDescending(x => x.Item2).Take(k).ToList();
}
