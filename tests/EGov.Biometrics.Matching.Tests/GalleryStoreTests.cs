using System.Runtime.InteropServices;
using System.Security.Cryptography;
using EGov.Biometrics.Matching.Gallery;
using EGov.Biometrics.Matching.Search;
using EGov.Biometrics.Matching.Storage;

namespace EGov.Biometrics.Matching.Tests;

public sealed class GalleryStoreTests : IDisposable
{
    private const int Dim = 64;
    private readonly string _folder = Directory.CreateTempSubdirectory("egov-store-").FullName;
    private readonly SnapshotKey _key = new("k1", RandomNumberGenerator.GetBytes(32));

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_loaded_snapshot_answers_as_the_gallery_did_and_keeps_removals(bool mapped)
    {
        var random = new Random(31);
        var (gallery, vectors) = Filled(random, 40_000);
        gallery.Remove(10);
        gallery.RemoveSubject("31234567890005");
        var path = Path.Combine(_folder, "g.snapshot");

        GalleryStore.Save(gallery, path, _key);
        var loaded = GalleryStore.Load(path, Keys, mapped);

        Assert.Equal(mapped, loaded.IsMapped);
        Assert.Equal(gallery.Count, loaded.Count);
        Assert.Equal(gallery.SubjectCount, loaded.SubjectCount);
        foreach (var id in new long[] { 0, 1, 16_384, 39_999 })
        {
            Assert.Equal(gallery.Search(vectors[id], 10, SearchMethod.Exact), loaded.Search(vectors[id], 10, SearchMethod.Exact));
            Assert.Equal(gallery.Search(vectors[id], 10, SearchMethod.Cascade), loaded.Search(vectors[id], 10, SearchMethod.Cascade));
        }

        Assert.DoesNotContain(loaded.Search(vectors[10], 3, SearchMethod.Exact), h => h.TemplateId == 10);
        Assert.False(loaded.ContainsSubject("31234567890005"));
        Assert.Equal(gallery.CompareSubject(vectors[7], "alice-2"), loaded.CompareSubject(vectors[7], "alice-2"));
    }

    [Fact]
    public void A_mapped_gallery_takes_new_templates_and_removals_after_loading()
    {
        var random = new Random(32);
        var (gallery, _) = Filled(random, 20_000); // the last loaded segment is partly full
        var path = Path.Combine(_folder, "g.snapshot");
        GalleryStore.Save(gallery, path, _key);
        var loaded = GalleryStore.Load(path, Keys, mapVectors: true);
        var fresh = RandomVectors.Unit(random, Dim);

        loaded.Add(1_000_000, "31234567899999", fresh);
        loaded.Remove(3);

        Assert.Equal(1_000_000, loaded.Search(fresh, 1, SearchMethod.Cascade)[0].TemplateId);
        Assert.Equal(1_000_000, loaded.Search(fresh, 1, SearchMethod.Exact)[0].TemplateId);
        Assert.Equal(20_000, loaded.Count);
        Assert.Throws<InvalidOperationException>(loaded.Compact);
    }

    [Fact]
    public void An_exact_batch_over_a_mapped_gallery_answers_as_single_searches_do()
    {
        // Seven queries: two groups of a tile, each meeting every mapped block that is decrypted once for both;
        // the last segment holds mapped rows and one added after loading in the same block.
        var random = new Random(33);
        var (gallery, vectors) = Filled(random, 20_000);
        var path = Path.Combine(_folder, "g.snapshot");
        GalleryStore.Save(gallery, path, _key);
        var loaded = GalleryStore.Load(path, Keys, mapVectors: true);
        var fresh = RandomVectors.Unit(random, Dim);
        loaded.Add(1_000_000, "31234567899999", fresh);
        var queries = new[] { fresh, vectors[0], vectors[5], vectors[16_384], vectors[19_999], RandomVectors.Unit(random, Dim), vectors[7] };

        var batch = loaded.SearchBatch(queries, 5, SearchMethod.Exact);

        for (var q = 0; q < queries.Length; q++)
        {
            // The same rows; the scores to float rounding (a tile sums in another order than a single dot).
            var single = loaded.Search(queries[q], 5, SearchMethod.Exact);
            Assert.Equal(single.Select(h => h.TemplateId), batch[q].Select(h => h.TemplateId));
            Assert.All(single.Zip(batch[q]), p => Assert.Equal(p.First.Score, p.Second.Score, 5));
        }

        Assert.Equal(1_000_000, batch[0][0].TemplateId);
    }

    [Fact]
    public void No_template_vector_appears_in_plaintext_in_the_file()
    {
        var random = new Random(33);
        var (gallery, vectors) = Filled(random, 50);
        var path = Path.Combine(_folder, "g.snapshot");
        GalleryStore.Save(gallery, path, _key);
        var file = File.ReadAllBytes(path);

        foreach (var vector in vectors.Values)
        {
            Assert.Equal(-1, file.AsSpan().IndexOf(MemoryMarshal.AsBytes(vector.AsSpan(0, 4))));
        }

        Assert.Equal(-1, file.AsSpan().IndexOf("31234567890001"u8));
    }

    [Fact]
    public void A_truncated_altered_or_foreign_file_is_refused_with_a_message_saying_so()
    {
        var random = new Random(34);
        var (gallery, _) = Filled(random, 3000);
        var path = Path.Combine(_folder, "g.snapshot");
        GalleryStore.Save(gallery, path, _key);
        var good = File.ReadAllBytes(path);
        string Refusal(byte[] bytes, Func<string, byte[]?>? keys = null)
        {
            var copy = Path.Combine(_folder, "copy.snapshot");
            File.WriteAllBytes(copy, bytes);
            return Assert.Throws<InvalidDataException>(() => GalleryStore.Load(copy, keys ?? Keys, mapVectors: false)).Message;
        }

        Assert.Contains("truncated", Refusal(good[..(good.Length - 100)]), StringComparison.Ordinal);
        Assert.Contains("truncated", Refusal(good[..20]), StringComparison.Ordinal);
        Assert.Contains("truncated", Refusal(good[..38]), StringComparison.Ordinal); // cut inside the key id
        Assert.Contains("truncated", Refusal([.. good, .. new byte[4096]]), StringComparison.Ordinal); // grown: lengths no longer add up

        var resident = good.ToArray();
        resident[200] ^= 1; // inside the first sealed chunk
        Assert.Contains("integrity", Refusal(resident), StringComparison.Ordinal);

        var vector = good.ToArray();
        vector[^(NamesChunk + 50)] ^= 1; // inside the last sealed row
        Assert.Contains("row 2999 failed its integrity check", Refusal(vector), StringComparison.Ordinal);

        var header = good.ToArray();
        header[20] ^= 1; // the salt: every chunk authenticates the header
        Assert.Contains("integrity", Refusal(header), StringComparison.Ordinal);

        Assert.Contains("integrity", Refusal(good, _ => RandomNumberGenerator.GetBytes(32)), StringComparison.Ordinal);
        Assert.Contains("key 'k1'", Refusal(good, _ => null), StringComparison.Ordinal);
        Assert.Contains("wrong magic", Refusal([.. "not a snapshot at all, just text"u8]), StringComparison.Ordinal);
    }

    [Fact]
    public void A_snapshot_written_for_one_model_is_refused_for_another()
    {
        var random = new Random(36);
        var (gallery, _) = Filled(random, 10);
        var path = Path.Combine(_folder, "g.snapshot");
        GalleryStore.Save(gallery, path, _key, "model-a");

        var error = Assert.Throws<InvalidDataException>(() => GalleryStore.Load(path, Keys, mapVectors: false, scope: "model-b"));

        Assert.Contains("written for 'model-a', not 'model-b'", error.Message, StringComparison.Ordinal);
        Assert.Equal(10, GalleryStore.Load(path, Keys, mapVectors: false, scope: "model-a").Count);
    }

    [Fact]
    public void A_mapped_gallery_is_searched_by_the_cascade_whatever_its_size_and_a_corrupt_row_is_repaired_from_the_source()
    {
        var (path, vectors) = SavedWithRow99Corrupt(new Random(37));
        var loaded = GalleryStore.Load(path, Keys, mapVectors: true, new GalleryOptions(CascadeAbove: 1_000_000));
        loaded.Repair = id => vectors[id];

        var identification = loaded.Identify(vectors[99], 1);

        Assert.Equal(SearchMethod.Cascade, identification.Method); // exact would decrypt every row
        Assert.Equal(99, identification.Hits[0].BestTemplateId);
        Assert.Equal(1, loaded.RepairedRows);
        Assert.Equal(1, loaded.Tombstones); // the corrupt row was replaced by an in-memory copy
        GalleryStore.Save(loaded, path, _key); // every row readable again
        Assert.Equal(100, GalleryStore.Load(path, Keys, mapVectors: true).Count);
    }

    [Fact]
    public void A_corrupt_row_of_a_mapped_gallery_fails_when_it_is_read_not_silently()
    {
        var (path, vectors) = SavedWithRow99Corrupt(new Random(35));

        var loaded = GalleryStore.Load(path, Keys, mapVectors: true);

        var error = Assert.Throws<InvalidDataException>(() => loaded.Search(vectors[99], 1, SearchMethod.Exact));
        Assert.Contains("row 99", error.Message, StringComparison.Ordinal);
    }

    // The file ends with the sealed names chunk: length, tag, a count and the five "alice-N" names (1 + 7 bytes each).
    private const int NamesChunk = 4 + 16 + 4 + (5 * 8);

    // 100 rows saved, then one bit of the last row's (row 99's) tag flipped.
    private (string Path, Dictionary<long, float[]> Vectors) SavedWithRow99Corrupt(Random random)
    {
        var (gallery, vectors) = Filled(random, 100);
        var path = Path.Combine(_folder, "g.snapshot");
        GalleryStore.Save(gallery, path, _key);
        var bytes = File.ReadAllBytes(path);
        bytes[^(NamesChunk + 10)] ^= 0x40;
        File.WriteAllBytes(path, bytes);
        return (path, vectors);
    }

    private byte[]? Keys(string id) => id == _key.Id ? _key.Key : null;

    // PINFL-like subjects (packed keys) and a few named ones (interned), three templates a subject.
    private static (FaceGallery Gallery, Dictionary<long, float[]> Vectors) Filled(Random random, int count)
    {
        var gallery = new FaceGallery(Dim);
        var vectors = new Dictionary<long, float[]>();
        for (var i = 0; i < count; i++)
        {
            vectors[i] = RandomVectors.Unit(random, Dim);
            gallery.Add(i, i % 10 == 7 ? $"alice-{i / 3 % 5}" : $"312345678{i / 3:D5}", vectors[i]);
        }

        return (gallery, vectors);
    }
}
