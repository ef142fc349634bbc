using System.Text.Json.Serialization;

namespace EGov.Biometrics.Benchmarks.Accuracy;

/// <summary>The figures of <c>egov-bench lfw --variant portrait</c>: the portraits' and, measured in the same run, the original images'.</summary>
/// <param name="Fallbacks">The finder's settings in this run.</param>
/// <param name="DetectionRate">Share of the pair portraits in which a face was found (by any method).</param>
/// <param name="NonFaces">False faces on images without any, by the detector alone and by the finder.</param>
/// <param name="DetectorMs">Median time of the detector alone on one portrait (up to 200 of them, one thread).</param>
/// <param name="FinderMs">Median time of the finder, fallbacks included, on the same portraits, measured beside it.</param>
/// <param name="AccuracyDropPoints">Original minus portrait 10-fold verification accuracy, in percentage points.</param>
public sealed record PortraitLfwReport(
    [property: JsonPropertyName("crop")] string Crop,
    [property: JsonPropertyName("portraits")] string Portraits,
    [property: JsonPropertyName("fallbacks")] Vision.Detection.PortraitFallbackOptions Fallbacks,
    [property: JsonPropertyName("detection_rate")] double DetectionRate,
    [property: JsonPropertyName("accuracy_drop_points")] double AccuracyDropPoints,
    [property: JsonPropertyName("non_faces")] NonFaceReport NonFaces,
    [property: JsonPropertyName("detector_ms")] double DetectorMs,
    [property: JsonPropertyName("finder_ms")] double FinderMs,
    [property: JsonPropertyName("original")] LfwReport Original,
    [property: JsonPropertyName("portrait")] LfwReport Portrait);
