using EGov.Biometrics.Benchmarks.Accuracy;

namespace EGov.Biometrics.Benchmarks.Tests;

public sealed class LfwEmbeddingCacheTests : IDisposable
{
    private readonly DirectoryInfo _temp = Directory.CreateTempSubdirectory("egov-lfw-cache-");

    [Fact]
    public void Embeddings_are_made_once_and_read_back_from_the_cache()
    {
        var data = LfwDataset.Load(TinyLfwFolder.Write(Path.Combine(_temp.FullName, "lfw"), multi: 2, singles: 3));
        var file = new LfwEmbeddingCache(Path.Combine(_temp.FullName, "cache")).PathFor(["det", "lm", "emb"], Variant);
        var calls = 0;
        IReadOnlyDictionary<string, float[]> Embed(IReadOnlyList<string> images)
        {
            calls++;
            return images.Select((path, i) => (path, vector: new[] { i, -i, 0.5f })).ToDictionary(e => e.path, e => e.vector);
        }

        var first = LfwEmbeddingCache.LoadOrEmbed(file, data, Embed, _ => { });
        var second = LfwEmbeddingCache.LoadOrEmbed(file, data, Embed, _ => { });

        Assert.Equal(1, calls);
        Assert.Equal(9, first.Count);
        Assert.Equal(first.Keys.Order(), second.Keys.Order());
        Assert.All(first, e => Assert.Equal(e.Value, second[e.Key]));
    }

    [Fact]
    public void Another_model_or_variant_gets_another_cache_file()
    {
        var cache = new LfwEmbeddingCache(_temp.FullName);
        var path = cache.PathFor(["det", "lm", "emb"], Variant);

        Assert.Equal(path, cache.PathFor(["det", "lm", "emb"], Variant));
        Assert.NotEqual(path, cache.PathFor(["det", "lm", "emb2"], Variant));
        Assert.NotEqual(path, cache.PathFor(["det", "lm", "emb"], Variant with { FlipAverage = true }));
    }

    [Fact]
    public void A_cache_missing_images_is_embedded_again()
    {
        var root = Path.Combine(_temp.FullName, "lfw");
        var file = new LfwEmbeddingCache(Path.Combine(_temp.FullName, "cache")).PathFor(["d"], Variant);
        var calls = 0;
        IReadOnlyDictionary<string, float[]> Embed(IReadOnlyList<string> images)
        {
            calls++;
            return images.ToDictionary(p => p, _ => new[] { 1f });
        }

        LfwEmbeddingCache.LoadOrEmbed(file, LfwDataset.Load(TinyLfwFolder.Write(root, multi: 1, singles: 1)), Embed, _ => { });
        var grown = LfwEmbeddingCache.LoadOrEmbed(file, LfwDataset.Load(TinyLfwFolder.Write(root, multi: 1, singles: 2)), Embed, _ => { });

        Assert.Equal(2, calls);
        Assert.Equal(5, grown.Count);
    }

    public void Dispose() => _temp.Delete(recursive: true);

    private static EmbeddingVariant Variant => new("model", "BGR", AlignmentMethod.Similarity5, false);
}
