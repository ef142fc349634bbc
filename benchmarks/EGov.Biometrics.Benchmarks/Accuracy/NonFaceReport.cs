using System.Text.Json.Serialization;

namespace EGov.Biometrics.Benchmarks.Accuracy;

/// <summary>What <see cref="NonFaceCheck"/> found: images, the detector's own false faces, and the finder's by method.</summary>
public sealed record NonFaceReport(
    [property: JsonPropertyName("images")] int Images,
    [property: JsonPropertyName("detector_false_faces")] int DetectorFalseFaces,
    [property: JsonPropertyName("finder_false_faces")] IReadOnlyDictionary<string, int> FinderFalseFaces);
