using EGov.Biometrics.Matching.Search;

namespace EGov.Biometrics.Matching.Gallery;

/// <summary>
/// When a gallery stops scanning every float row. Below <see cref="CascadeAbove"/> live rows an exact scan
/// fits the latency budget (about 100 ms for 1,000,000 x 512 on two cores, docs/benchmarks.md) and stays
/// the answer; above it, identification goes through the cascade.
/// </summary>
public sealed record GalleryOptions(int CascadeAbove = 1_000_000, CascadeOptions? Cascade = null)
{
    public static GalleryOptions Default { get; } = new();

    public CascadeOptions CascadeOrDefault => Cascade ?? CascadeOptions.Default;

    public SearchMethod MethodFor(int rows) => rows > CascadeAbove ? SearchMethod.Cascade : SearchMethod.Exact;
}
