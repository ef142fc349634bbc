using EGov.Biometrics.Cluster.Sharding;
using EGov.Biometrics.Matching.Gallery;
using EGov.Biometrics.Registry.Subjects;
using EGov.Biometrics.Service.Decisions;

namespace EGov.Biometrics.Cluster.Grains;

/// <summary>
/// A shard's part of the registry: the subjects are listed in PINFL order (ids only, nothing decrypted), those whose PINFL
/// hashes to the shard kept, and only their templates of the shard's model read and decrypted with the silo's key ring.
/// </summary>
internal static class ShardLoader
{
    private const int Page = 2000;

    public static FaceGallery Load(SubjectRegistry registry, ShardKey key, int dimension, MatchingOptions matching, CancellationToken cancel)
    {
        var ids = new List<long>();
        for (var after = string.Empty; ;)
        {
            cancel.ThrowIfCancellationRequested();
            var page = registry.List(after, Page);
            if (page.Count == 0)
            {
                break;
            }

            foreach (var subject in page.Where(s => PinflShards.ShardOf(s.Pinfl, key.Shards) == key.Shard))
            {
                ids.AddRange(subject.Templates.Where(t => t.ModelId == key.ModelId).Select(t => t.Id));
            }

            after = page[^1].Pinfl;
        }

        ids.Sort();
        var gallery = new FaceGallery(dimension, matching.Gallery);
        foreach (var template in registry.LoadTemplates(key.ModelId, ids))
        {
            gallery.Add(template.Id, template.Pinfl, template.Vector);
        }

        // A sealed row that fails its check is read again from the registry, the system of record.
        gallery.Repair = id => registry.LoadTemplates(key.ModelId, [id]).FirstOrDefault()?.Vector;
        return gallery;
    }
}
