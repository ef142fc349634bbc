using System.Globalization;

namespace EGov.Biometrics.Cluster.Sharding;

/// <summary>
/// A shard's grain key: the model, the shard's number and the shard count ("arcface-r100/3-of-12"). The count is part of
/// the key so that a cluster restarted with another --shards never reuses a grain that holds another partition.
/// </summary>
public readonly record struct ShardKey(string ModelId, int Shard, int Shards)
{
    public static ShardKey Parse(string key)
    {
        var slash = key.LastIndexOf('/');
        var of = key.IndexOf("-of-", slash + 1, StringComparison.Ordinal);
        if (slash <= 0 || of < 0)
        {
            throw new FormatException($"'{key}' is not a shard key (model/shard-of-shards).");
        }

        return new ShardKey(
            key[..slash], int.Parse(key.AsSpan(slash + 1, of - slash - 1), CultureInfo.InvariantCulture), int.Parse(key.AsSpan(of + 4), CultureInfo.InvariantCulture));
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{ModelId}/{Shard}-of-{Shards}");
}
