namespace EGov.Biometrics.Matching.Search;

/// <summary>One subject found by identification: the best of its templates.</summary>
public readonly record struct SubjectHit(string SubjectId, float Score, long BestTemplateId);
