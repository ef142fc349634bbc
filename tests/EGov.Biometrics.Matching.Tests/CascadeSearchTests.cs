using EGov.Biometrics.Matching.Gallery;
using EGov.Biometrics.Matching.Search;

namespace EGov.Biometrics.Matching.Tests;

public sealed class CascadeSearchTests
{
    private const int Dim = 128;

    [Fact]
    public void The_cascade_finds_the_exact_top_10_for_new_captures_of_enrolled_people()
    {
        // 8,000 people x 5 templates over three segments, in 64 look-alike groups (as faces share age, sex
        // and origin); probes are fresh captures, so the true top 10 is the person's own templates and then
        // the nearest of their group — what a national 1:N search looks like.
        var random = new Random(21);
        var (gallery, people) = People(random, 8000, 5, new GalleryOptions(CascadeAbove: 0), groups: 64);
        var (found, mates) = (0, 0);
        for (var q = 0; q < 50; q++)
        {
            var person = random.Next(people.Length);
            var probe = RandomVectors.Near(random, people[person], 0.8f);
            var exact = gallery.Search(probe, 10, SearchMethod.Exact);

            var cascade = gallery.Search(probe, 10, SearchMethod.Cascade);

            found += cascade.Count(h => exact.Any(e => e.TemplateId == h.TemplateId));
            mates += cascade[0].SubjectId == $"p{person}" ? 1 : 0;
            Assert.Equal(exact[0], cascade[0]); // same template, same exact float score
        }

        Assert.True(found >= 0.99 * 500, $"recall@10 {found / 500.0:P1}");
        Assert.Equal(50, mates);
    }

    [Fact]
    public void The_gallery_uses_the_cascade_above_the_stated_size_and_says_so()
    {
        var random = new Random(22);
        var (gallery, people) = People(random, 300, 2, new GalleryOptions(CascadeAbove: 1000));
        Assert.Equal(SearchMethod.Exact, gallery.Identify(people[0], 3).Method);

        for (var i = 0; i < 500; i++)
        {
            gallery.Add(10_000 + i, $"extra{i}", RandomVectors.Unit(random, Dim));
        }

        var identification = gallery.Identify(RandomVectors.Near(random, people[7], 0.5f), 3);
        Assert.Equal(SearchMethod.Cascade, identification.Method);
        Assert.Equal("p7", identification.Hits[0].SubjectId);
    }

    [Fact]
    public void A_cascade_batch_gives_each_query_the_same_answer_as_alone_and_never_a_removed_row()
    {
        var random = new Random(23);
        var (gallery, people) = People(random, 4000, 3, new GalleryOptions(CascadeAbove: 0));
        var probes = Enumerable.Range(0, 9).Select(i => RandomVectors.Near(random, people[i * 11], 0.7f)).ToArray();
        gallery.RemoveSubject("p0");

        var batch = gallery.IdentifySubjectsBatch(probes, 5, SearchMethod.Cascade);

        for (var q = 0; q < probes.Length; q++)
        {
            Assert.Equal(gallery.IdentifySubjects(probes[q], 5, SearchMethod.Cascade), batch[q]);
            Assert.DoesNotContain(batch[q], h => h.SubjectId == "p0");
        }

        Assert.Equal("p11", batch[1][0].SubjectId);
    }

    [Fact]
    public void A_gallery_smaller_than_the_candidate_count_is_searched_whole()
    {
        var random = new Random(24);
        var (gallery, _) = People(random, 30, 1, new GalleryOptions(CascadeAbove: 0));
        var query = RandomVectors.Unit(random, Dim);
        Assert.Equal(gallery.Search(query, 30, SearchMethod.Exact), gallery.Search(query, 30, SearchMethod.Cascade));
    }

    private static (FaceGallery Gallery, float[][] People) People(Random random, int count, int templates, GalleryOptions options, int groups = 0)
    {
        var gallery = new FaceGallery(Dim, options);
        var centres = Enumerable.Range(0, groups).Select(_ => RandomVectors.Unit(random, Dim)).ToArray();
        var people = Enumerable.Range(0, count).Select(p => groups > 0 ? RandomVectors.Near(random, centres[p % groups], 1.2f) : RandomVectors.Unit(random, Dim)).ToArray();
        var id = 0L;
        for (var p = 0; p < people.Length; p++)
        {
            for (var t = 0; t < templates; t++)
            {
                gallery.Add(id++, $"p{p}", RandomVectors.Near(random, people[p], 0.8f));
            }
        }

        return (gallery, people);
    }
}
