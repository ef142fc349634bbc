namespace EGov.Biometrics.Matching.Search;

/// <summary>How a 1:N search scanned the gallery; every identification records the one that answered.</summary>
public enum SearchMethod
{
    /// <summary>Every float row: the reference answer, fastest for small galleries.</summary>
    Exact,

    /// <summary>Every int8 row, then the float re-rank of the best.</summary>
    Int8,

    /// <summary>Binary sign codes, then int8 re-rank of the best, then float re-rank of the few best.</summary>
    Cascade,
}
