namespace EGov.Biometrics.Matching.Search;

/// <summary>One template found by a search, with its cosine similarity to the query.</summary>
public readonly record struct SearchHit(long TemplateId, string SubjectId, float Score);

/// <summary>One subject found by identification: the best of its templates.</summary>
public readonly record struct SubjectHit(string SubjectId, float Score, long BestTemplateId);

/// <summary>A probe compared with every template of one subject.</summary>
public readonly record struct SubjectComparison(string SubjectId, float Max, float Mean, int Templates);
