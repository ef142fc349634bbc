namespace EGov.Biometrics.Service.Decisions;

/// <summary>An enrolled subject whose best template scores at or above the operating point.</summary>
public sealed record MatchCandidate(string Pinfl, float Similarity);
