using EGov.Biometrics.Matching.Search;

namespace EGov.Biometrics.Service.Galleries;

/// <summary>A 1:N search's subjects, best first, the method that answered (the costliest any shard used) and the shards that answered.</summary>
public sealed record GalleryIdentification(IReadOnlyList<SubjectHit> Hits, SearchMethod Method, ShardCount Shards);
