using EGov.Biometrics.Matching.Search;

namespace EGov.Biometrics.Service.Galleries;

/// <summary>A batch of 1:N searches: each probe's subjects, best first, in the probes' order; the method and the shards as for one.</summary>
public sealed record GalleryBatchIdentification(IReadOnlyList<SubjectHit>[] Hits, SearchMethod Method, ShardCount Shards);
