namespace EGov.Biometrics.Matching.Search;

/// <summary>
/// How many candidates each stage of the cascade hands to the next. The defaults come from recall measured
/// by <c>egov-bio bench match --cascade</c> (docs/benchmarks.md): the binary stage keeps a fraction of the
/// gallery, never fewer than <see cref="MinBinaryCandidates"/>; the int8 stage keeps
/// <see cref="Int8Candidates"/> (at least two per requested hit) for the exact float re-rank, which on a
/// mapped gallery reads each of them from disk.
/// </summary>
public sealed record CascadeOptions(double BinaryFraction = 0.004, int MinBinaryCandidates = 8192, int Int8Candidates = 50)
{
    public static CascadeOptions Default { get; } = new();

    public int BinaryCandidates(int rows) => (int)Math.Min(rows, Math.Max(MinBinaryCandidates, Math.Ceiling(BinaryFraction * rows)));

    public int Int8CandidatesFor(int k) => Math.Max(Int8Candidates, 2 * k);
}
