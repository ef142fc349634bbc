namespace EGov.Biometrics.Matching.Search;

/// <summary>A probe compared with every template of one subject.</summary>
public readonly record struct SubjectComparison(string SubjectId, float Max, float Mean, int Templates);
