using EGov.Biometrics.Service.Decisions;

namespace EGov.Biometrics.Cluster.Gallery;

/// <summary>
/// How the galleries are sharded: each served model with its vector dimension, the shard count per model (fixed for the
/// cluster's life: a subject's shard is its PINFL's hash modulo it), how long a fan-out waits for a shard before the
/// search fails Unavailable, when a shard searches by the cascade (<see cref="MatchingOptions"/>), and how often a shard
/// checks that it is on its silo (<see cref="Placement.ShardPlacementStrategy"/>).
/// </summary>
public sealed record ShardedGalleryOptions(
    IReadOnlyDictionary<string, int> Models, int Shards = ShardedGalleryOptions.DefaultShards, TimeSpan? ShardTimeout = null, MatchingOptions? Matching = null, TimeSpan? PlacementCheck = null)
{
    public const int DefaultShards = 12;

    /// <summary>A shard that has not answered in this time is counted as failed (the default: 10 s, under the clients' deadlines).</summary>
    public TimeSpan Timeout => ShardTimeout ?? TimeSpan.FromSeconds(10);

    public MatchingOptions MatchingOrDefault => Matching ?? MatchingOptions.Default;

    /// <summary>How often a shard checks its place (default 20 s): a silo that joined gets its share within about that.</summary>
    public TimeSpan PlacementInterval => PlacementCheck ?? TimeSpan.FromSeconds(20);

    public int Dimension(string modelId) =>
        Models.TryGetValue(modelId, out var dimension)
            ? dimension
            : throw new ArgumentException($"Model '{(modelId.Length <= 64 ? modelId : modelId[..64])}' is not served here (served: {string.Join(", ", Models.Keys)}).", nameof(modelId));
}
