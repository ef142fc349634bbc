using EGov.Biometrics.Matching.Gallery;
using EGov.Biometrics.Matching.Search;

namespace EGov.Biometrics.Benchmarks.Accuracy;

/// <summary>One way to identify a probe in a gallery (exact, cascade, ...), named as the report names it.</summary>
public sealed record GallerySearchMethod(string Name, Func<FaceGallery, float[], int, IReadOnlyList<SubjectHit>> Identify);
