namespace EGov.Biometrics.Matching.Search;

/// <summary>The subjects an identification found, best first, and the method that answered.</summary>
public sealed record SubjectIdentification(IReadOnlyList<SubjectHit> Hits, SearchMethod Method);
