using System.Security.Cryptography;
using EGov.Biometrics.Matching.Gallery;
using EGov.Biometrics.Matching.Search;
using EGov.Biometrics.Matching.Storage;

namespace EGov.Biometrics.Matching.Tests;

public sealed class SubjectChainTests
{
    private const int Dim = 16;

    [Fact]
    public void Random_adds_updates_removals_compactions_and_snapshots_keep_every_subject_s_templates_right()
    {
        // A reference model (template -> subject, vector) against the gallery's flat maps and per-row subject chains.
        var random = new Random(41);
        var gallery = new FaceGallery(Dim);
        var reference = new Dictionary<long, (string Subject, float[] Vector)>();
        var folder = Directory.CreateTempSubdirectory("egov-chain-").FullName;
        var key = new SnapshotKey("k", RandomNumberGenerator.GetBytes(32));
        try
        {
            var nextId = 0L;
            for (var step = 0; step < 6000; step++)
            {
                var subject = random.Next(3) == 0 ? $"name-{random.Next(40)}" : $"3123456789{random.Next(200):D4}";
                switch (random.Next(20))
                {
                    case < 11:
                        var vector = RandomVectors.Unit(random, Dim);
                        gallery.Add(nextId, subject, vector);
                        reference[nextId++] = (subject, vector);
                        break;
                    case < 14 when reference.Count > 0:
                        var updated = reference.Keys.ElementAt(random.Next(reference.Count));
                        var fresh = RandomVectors.Unit(random, Dim);
                        gallery.Update(updated, fresh);
                        reference[updated] = (reference[updated].Subject, fresh);
                        break;
                    case < 17 when reference.Count > 0:
                        var removed = reference.Keys.ElementAt(random.Next(reference.Count));
                        Assert.True(gallery.Remove(removed));
                        reference.Remove(removed);
                        break;
                    case 17:
                        var gone = reference.Where(t => t.Value.Subject == subject).Select(t => t.Key).ToList();
                        Assert.Equal(gone.Count, gallery.RemoveSubject(subject));
                        gone.ForEach(id => reference.Remove(id));
                        break;
                    case 18 when !gallery.IsMapped: // a mapped gallery compacts through its snapshot (the default branch)
                        gallery.Compact();
                        break;
                    default:
                        var path = Path.Combine(folder, "g.snapshot");
                        GalleryStore.Save(gallery, path, key);
                        gallery = GalleryStore.Load(path, _ => key.Key, mapVectors: random.Next(2) == 0);
                        break;
                }

                if (step % 250 == 0)
                {
                    Check(gallery, reference);
                }
            }

            Check(gallery, reference);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void Templates_added_out_of_id_order_are_found_removed_and_refused_as_duplicates()
    {
        var random = new Random(42);
        var gallery = new FaceGallery(Dim);
        var vectors = new Dictionary<long, float[]>();
        foreach (var id in new long[] { 10, 20, 30, 5, 40, 25, -7, 1000 })
        {
            vectors[id] = RandomVectors.Unit(random, Dim);
            gallery.Add(id, $"s{id}", vectors[id]);
        }

        foreach (var (id, vector) in vectors)
        {
            Assert.Equal(id, gallery.Search(vector, 1, SearchMethod.Exact)[0].TemplateId);
            Assert.Throws<InvalidOperationException>(() => gallery.Add(id, "again", vector));
        }

        Assert.True(gallery.Remove(20));
        Assert.True(gallery.Remove(5));
        Assert.False(gallery.Remove(20));
        Assert.False(gallery.Remove(6));
        gallery.Add(20, "s20", vectors[20]); // back, now out of order
        Assert.Equal(7, gallery.Count);
        Assert.Equal([-7, 10, 20, 25, 30, 40, 1000], gallery.TemplateIds());
    }

    private static void Check(FaceGallery gallery, Dictionary<long, (string Subject, float[] Vector)> reference)
    {
        var bySubject = reference.GroupBy(t => t.Value.Subject).ToDictionary(g => g.Key, g => g.ToList());
        Assert.Equal(reference.Count, gallery.Count);
        Assert.Equal(bySubject.Count, gallery.SubjectCount);
        Assert.Equal(reference.Keys.Order(), gallery.TemplateIds());
        foreach (var (subject, templates) in bySubject)
        {
            Assert.True(gallery.ContainsSubject(subject));
            var probe = templates[0].Value.Vector;
            var comparison = gallery.CompareSubject(probe, subject)!.Value;
            Assert.Equal(templates.Count, comparison.Templates);
            Assert.Equal(templates.Max(t => RandomVectors.ScalarDot(t.Value.Vector, probe)), comparison.Max, 4);
        }

        // Identification by subject: the best template of each subject, never a removed one.
        foreach (var (id, (subject, vector)) in reference.Take(5))
        {
            var top = gallery.IdentifySubjects(vector, 1, SearchMethod.Exact)[0];
            Assert.Equal(subject, top.SubjectId);
            Assert.True(reference.ContainsKey(top.BestTemplateId));
        }
    }
}
