using EGov.Biometrics.Matching.Search;

namespace EGov.Biometrics.Matching.Tests;

public sealed class HammingShortlistTests
{
    [Fact]
    public void The_shortlist_keeps_the_nearest_rows_through_tightening_ties_and_merges()
    {
        // Distances with heavy ties (0..40 over 100,000 rows), split across four "threads" and merged,
        // against a full sort: nothing nearer than the cut may be lost, whatever the order rows came in.
        var random = new Random(51);
        var distances = Enumerable.Range(0, 100_000).Select(_ => random.Next(41)).ToArray();
        const int Capacity = 1000;
        var parts = Enumerable.Range(0, 4).Select(_ => new HammingShortlist(Capacity, 512)).ToArray();
        for (var row = 0; row < distances.Length; row++)
        {
            parts[row % 4].Add(distances[row], row);
        }

        var merged = new HammingShortlist(Capacity, 512);
        foreach (var part in parts)
        {
            merged.AddAll(part);
        }

        var expected = distances.Select((d, row) => (d, row)).Order().Take(Capacity).Select(e => e.row);
        Assert.Equal(expected, merged.Best());
    }

    [Fact]
    public void Fewer_rows_than_the_capacity_are_all_kept()
    {
        var shortlist = new HammingShortlist(100, 64);
        shortlist.Add(9, 3);
        shortlist.Add(2, 7);
        Assert.Equal([7, 3], shortlist.Best());
    }
}
