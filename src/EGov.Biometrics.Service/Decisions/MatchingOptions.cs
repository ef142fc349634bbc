using EGov.Biometrics.Matching.Gallery;

namespace EGov.Biometrics.Service.Decisions;

/// <summary>
/// How the galleries are held and searched. Above <see cref="CascadeAboveTemplates"/> templates of a model,
/// identification and the enrolment duplicate check go through the binary → int8 → float cascade (exact
/// search of 1,000,000 x 512 is about 100 ms on two cores, docs/benchmarks.md). Above
/// <see cref="MapVectorsAboveTemplates"/> the float rows stay sealed in the memory-mapped snapshot and only
/// codes, int8 rows and ids are resident (about 0.6 KB a template). The encrypted snapshot is rewritten in
/// the background every <see cref="SnapshotEvery"/> when the gallery changed. A batch of identifications (bulk
/// import's duplicate checks) above <see cref="Int8BatchAboveTemplates"/> and up to the cascade's size runs the
/// int8 register tiles and an exact float re-rank instead of the float tiles.
/// </summary>
public sealed record MatchingOptions(int CascadeAboveTemplates = 1_000_000, int MapVectorsAboveTemplates = 4_000_000, TimeSpan? SnapshotEvery = null, int Int8BatchAboveTemplates = 100_000)
{
    public static MatchingOptions Default { get; } = new();

    /// <summary>How each model's gallery picks its search method.</summary>
    public GalleryOptions Gallery => new(CascadeAboveTemplates, Int8BatchAbove: Int8BatchAboveTemplates);

    public TimeSpan SnapshotInterval => SnapshotEvery ?? TimeSpan.FromMinutes(10);
}
