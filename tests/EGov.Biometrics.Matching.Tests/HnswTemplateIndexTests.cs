using System.Runtime.InteropServices;
using EGov.Biometrics.Matching.Approximate;
using EGov.Biometrics.Matching.Gallery;

namespace EGov.Biometrics.Matching.Tests;

public sealed class HnswTemplateIndexTests
{
    [Fact]
    public void Where_USearch_ships_no_library_the_index_refuses_naming_the_platform()
    {
        // The package carries libraries for linux-x64, osx-arm64 and win-x64; on linux-arm64 (edge boxes, and the
        // emulated run of these tests) the index must say so rather than fail to load a library.
        if (HnswTemplateIndex.IsSupported)
        {
            using var index = new HnswTemplateIndex(8);
            Assert.Equal(0, index.Count);
            return;
        }

        var error = Assert.Throws<PlatformNotSupportedException>(() => new HnswTemplateIndex(8));
        Assert.Contains(RuntimeInformation.RuntimeIdentifier, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Hnsw_agrees_with_exact_search_on_most_neighbours()
    {
        Assert.SkipUnless(HnswTemplateIndex.IsSupported, "USearch ships no native library for this platform.");
        var random = new Random(16);
        const int Dim = 64;
        using var hnsw = new HnswTemplateIndex(Dim);
        var exact = new FaceGallery(Dim);
        var vectors = Enumerable.Range(0, 3000).Select(_ => RandomVectors.Unit(random, Dim)).ToArray();
        hnsw.AddRange(Enumerable.Range(0, vectors.Length).Select(i => (long)i).ToList(), Enumerable.Range(0, vectors.Length).Select(i => $"s{i}").ToList(), vectors);
        for (var i = 0; i < vectors.Length; i++)
        {
            exact.Add(i, $"s{i}", vectors[i]);
        }

        var found = 0;
        for (var q = 0; q < 30; q++)
        {
            var query = RandomVectors.Unit(random, Dim);
            var truth = exact.Search(query, 10).Select(h => h.TemplateId).ToHashSet();
            var hits = hnsw.Search(query, 10);
            found += hits.Count(h => truth.Contains(h.TemplateId));
            Assert.All(hits, h => Assert.Equal(RandomVectors.ScalarDot(vectors[h.TemplateId], query), h.Score, 3));
        }

        Assert.Equal(3000, hnsw.Count);
        Assert.True(found / 300.0 >= 0.9, $"recall@10 {found / 300.0:F3}");
    }

    [Fact]
    public void Removed_templates_are_not_returned()
    {
        Assert.SkipUnless(HnswTemplateIndex.IsSupported, "USearch ships no native library for this platform.");
        var random = new Random(17);
        using var hnsw = new HnswTemplateIndex(16);
        var v = RandomVectors.Unit(random, 16);
        hnsw.Add(1, "a", v);
        hnsw.Add(2, "b", RandomVectors.Unit(random, 16));

        Assert.True(hnsw.Remove(1));

        Assert.DoesNotContain(hnsw.Search(v, 2), h => h.TemplateId == 1);
        Assert.Throws<InvalidOperationException>(() => hnsw.Add(2, "b", v));
    }
}
