using EGov.Biometrics.Registry.Subjects;

namespace EGov.Biometrics.Service.Subjects;

/// <summary>Reading who is enrolled: one subject by PINFL, or pages in PINFL order (template ids only, never vectors).</summary>
public sealed class SubjectDirectory(SubjectRegistry registry)
{
    public const int DefaultPageSize = 100;
    public const int MaxPageSize = 1000;

    public EnrolledSubject Get(string pinfl) =>
        From(registry.Get(Pinfl.Require(pinfl)) ?? throw new KeyNotFoundException($"Subject {pinfl} is not enrolled."));

    /// <summary>A page after <paramref name="after"/> (empty: the first); <paramref name="pageSize"/> 0 means the default.</summary>
    public SubjectPage List(string after, int pageSize)
    {
        var size = pageSize == 0 ? DefaultPageSize : pageSize;
        if (size is < 1 or > MaxPageSize)
        {
            throw new ArgumentException($"page_size must be between 1 and {MaxPageSize}, got {pageSize}.");
        }

        var page = registry.List(after, size);
        return new SubjectPage(page.Select(From).ToList(), page.Count == size ? page[^1].Pinfl : string.Empty);
    }

    private static EnrolledSubject From(SubjectSummary s) => new(s.Pinfl, s.CreatedAt, s.Templates.Select(t => t.Id).ToList());
}
