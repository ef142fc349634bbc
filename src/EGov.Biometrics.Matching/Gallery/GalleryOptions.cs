using EGov.Biometrics.Matching.Search;

namespace EGov.Biometrics.Matching.Gallery;

/// <summary>
/// When a gallery stops scanning every float row. Below <see cref="CascadeAbove"/> rows (removed ones count until compaction) an exact scan
/// fits the latency budget (about 100 ms for 1,000,000 x 512 on two cores, docs/benchmarks.md) and stays
/// the answer; above it, identification goes through the cascade. A batch (a bulk import's duplicate checks)
/// over more than <see cref="Int8BatchAbove"/> rows takes the int8 tiles and a float re-rank instead of the
/// float tiles: compute-bound, it runs about 1.7x faster per query with recall@10 1.000 at 1,000,000 rows
/// (docs/benchmarks.md); below that size a batch takes milliseconds either way and stays exact.
/// </summary>
public sealed record GalleryOptions(int CascadeAbove = 1_000_000, CascadeOptions? Cascade = null, int Int8BatchAbove = 100_000)
{
    public static GalleryOptions Default { get; } = new();

    public CascadeOptions CascadeOrDefault => Cascade ?? CascadeOptions.Default;

    public SearchMethod MethodFor(int rows) => rows > CascadeAbove ? SearchMethod.Cascade : SearchMethod.Exact;

    public SearchMethod BatchMethodFor(int rows) => rows > Int8BatchAbove && rows <= CascadeAbove ? SearchMethod.Int8 : MethodFor(rows);
}
