using EGov.Biometrics.Matching.Gallery;

namespace EGov.Biometrics.Matching.Tests;

public sealed class SnapshotTests : IDisposable
{
    private readonly DirectoryInfo _temp = Directory.CreateTempSubdirectory("egov-gallery-");

    [Fact]
    public void A_snapshot_round_trips_the_live_templates()
    {
        var random = new Random(14);
        var (gallery, vectors) = FaceGalleryTests.Filled(random, 5000);
        gallery.Remove(10);
        var path = Path.Combine(_temp.FullName, "gallery.bin");

        GallerySnapshot.Save(gallery, path);
        var loaded = GallerySnapshot.Load(path);

        Assert.Equal(4999, loaded.Count);
        Assert.Equal(gallery.Dimension, loaded.Dimension);
        foreach (var id in new long[] { 0, 11, 4999 })
        {
            Assert.Equal(gallery.Search(vectors[id], 10), loaded.Search(vectors[id], 10));
        }

        Assert.DoesNotContain(loaded.Search(vectors[10], 3), h => h.TemplateId == 10);
        Assert.False(File.Exists(path + ".partial"));
    }

    [Fact]
    public void A_truncated_snapshot_is_refused()
    {
        var bytes = Snapshot();
        foreach (var length in new[] { 0, 7, 30, bytes.Length / 2, bytes.Length - 9, bytes.Length - 1 })
        {
            var error = Assert.Throws<InvalidDataException>(() => GallerySnapshot.Read(new MemoryStream(bytes[..length])));
            Assert.Matches("truncated|magic|checksum|corrupt", error.Message);
        }
    }

    [Fact]
    public void A_single_changed_byte_is_detected()
    {
        var bytes = Snapshot();
        foreach (var position in new[] { 9, 40, bytes.Length / 2, bytes.Length - 20 })
        {
            var corrupt = bytes.ToArray();
            corrupt[position] ^= 0x10;

            Assert.Throws<InvalidDataException>(() => GallerySnapshot.Read(new MemoryStream(corrupt)));
        }
    }

    public void Dispose() => _temp.Delete(recursive: true);

    private static byte[] Snapshot()
    {
        var (gallery, _) = FaceGalleryTests.Filled(new Random(15), 200);
        using var stream = new MemoryStream();
        GallerySnapshot.Write(gallery, stream);
        return stream.ToArray();
    }
}
