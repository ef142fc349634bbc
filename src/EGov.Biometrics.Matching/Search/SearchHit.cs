namespace EGov.Biometrics.Matching.Search;

/// <summary>One template found by a search, with its cosine similarity to the query.</summary>
public readonly record struct SearchHit(long TemplateId, string SubjectId, float Score);
