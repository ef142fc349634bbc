using EGov.Biometrics.Matching.Search;

namespace EGov.Biometrics.Matching.Gallery;

/// <summary>Templates (L2-normalised vectors with template and subject ids) and top-k search by cosine similarity.</summary>
public interface ITemplateIndex
{
    int Dimension { get; }

    /// <summary>Live templates.</summary>
    int Count { get; }

    void Add(long templateId, string subjectId, ReadOnlySpan<float> vector);

    bool Remove(long templateId);

    /// <summary>The k templates most similar to <paramref name="query"/>, best first.</summary>
    IReadOnlyList<SearchHit> Search(ReadOnlySpan<float> query, int k);
}
