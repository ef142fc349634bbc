using CsCheck;
using EGov.Biometrics.Cluster.Sharding;

namespace EGov.Biometrics.Cluster.Tests;

/// <summary>A subject's shard is its PINFL's XxHash64 modulo the shard count: fixed across processes and spread evenly.</summary>
public sealed class ShardedKeyTests
{
    private static readonly Gen<string> Pinfls = Gen.Char['0', '9'].Array[14].Select(digits => new string(digits));

    // Computed once with an independent XxHash64 (seed 0): a change of hash, seed or encoding moves every subject and must fail here.
    [Theory]
    [InlineData("30101900123456", 5, 2)]
    [InlineData("41507850012345", 4, 1)]
    [InlineData("00000000000000", 8, 2)]
    [InlineData("99999999999999", 11, 2)]
    [InlineData("12345678901234", 6, 0)]
    [InlineData("52001015590017", 1, 1)]
    public void A_pinfl_goes_to_the_same_shard_in_every_process(string pinfl, int ofTwelve, int ofThree)
    {
        Assert.Equal(ofTwelve, PinflShards.ShardOf(pinfl, 12));
        Assert.Equal(ofThree, PinflShards.ShardOf(pinfl, 3));
    }

    [Fact]
    public void Twelve_thousand_pinfls_spread_over_twelve_shards_within_fifteen_percent_of_even() =>
        Pinfls.Array[12_000].Sample(pinfls =>
        {
            var counts = new int[12];
            foreach (var pinfl in pinfls)
            {
                counts[PinflShards.ShardOf(pinfl, 12)]++;
            }

            return counts.All(c => c is > 850 and < 1150);
        }, iter: 20);

    [Fact]
    public void Consecutive_pinfls_do_not_crowd_one_shard()
    {
        // Registries hand out PINFLs in runs (birth date, district): a run must not land on a few shards.
        var counts = new int[12];
        for (var n = 0; n < 12_000; n++)
        {
            counts[PinflShards.ShardOf($"3010190{n:D7}", 12)]++;
        }

        Assert.All(counts, c => Assert.InRange(c, 850, 1150));
    }

    [Fact]
    public void A_shard_key_reads_back_as_written() =>
        Gen.Select(Gen.String[1, 40].Where(m => m.Length > 0), Gen.Int[1, PinflShards.MaxShards]).SelectMany((model, shards) => Gen.Int[0, shards - 1].Select(shard => new ShardKey(model, shard, shards)))
            .Sample(key => ShardKey.Parse(key.ToString()) == key);
}
