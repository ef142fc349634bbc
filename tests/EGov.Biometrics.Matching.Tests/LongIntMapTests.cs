using EGov.Biometrics.Matching.Gallery;

namespace EGov.Biometrics.Matching.Tests;

public sealed class LongIntMapTests
{
    [Fact]
    public void Random_inserts_updates_and_removals_agree_with_a_dictionary()
    {
        // Small key range so that runs collide, wrap around the end and are shifted back on removal.
        var random = new Random(11);
        var map = new LongIntMap();
        var reference = new Dictionary<long, int>();
        for (var step = 0; step < 200_000; step++)
        {
            var key = random.Next(-3000, 3000) * 7919L;
            switch (random.Next(3))
            {
                case 0:
                case 1:
                    map.Set(key, step);
                    reference[key] = step;
                    break;
                default:
                    Assert.Equal(reference.Remove(key), map.Remove(key));
                    break;
            }

            if (step % 997 == 0)
            {
                Assert.Equal(reference.Count, map.Count);
                foreach (var (k, v) in reference)
                {
                    Assert.True(map.TryGetValue(k, out var found));
                    Assert.Equal(v, found);
                }
            }
        }

        Assert.False(map.TryGetValue(1, out _));
    }

    [Fact]
    public void Zero_and_negative_keys_are_ordinary_keys_and_the_empty_marker_is_refused()
    {
        var map = new LongIntMap();
        map.Set(0, 5);
        map.Set(-1, 6);
        Assert.True(map.TryGetValue(0, out var zero));
        Assert.Equal(5, zero);
        Assert.True(map.TryGetValue(-1, out var minusOne));
        Assert.Equal(6, minusOne);
        Assert.Throws<ArgumentOutOfRangeException>(() => map.Set(long.MinValue, 1));
    }

    [Fact]
    public void A_map_sized_for_a_load_holds_twelve_bytes_a_slot_at_most_eighty_percent_full()
    {
        var map = new LongIntMap();
        map.EnsureCapacity(1_000_000);
        var before = map.MemoryBytes;
        for (var i = 0; i < 1_000_000; i++)
        {
            map.Set(i, i);
        }

        Assert.Equal(before, map.MemoryBytes); // sized once, no resize
        Assert.InRange(map.MemoryBytes, 1_000_000 * 12L, 1_000_000 * 12L * 13 / 10);
    }
}
