using System.Text.Json.Serialization;

namespace EGov.Biometrics.Benchmarks.Accuracy;

/// <summary>The figures of <c>egov-bench lfw --variant portrait</c>: the portraits' and, measured in the same run, the original images'.</summary>
/// <param name="FillsFrame">The finder's <see cref="Vision.Detection.PortraitFallbackOptions.FillsFrame"/> in this run.</param>
/// <param name="DetectionRate">Share of the pair portraits in which a face was found (by any method).</param>
/// <param name="AccuracyDropPoints">Original minus portrait 10-fold verification accuracy, in percentage points.</param>
public sealed record PortraitLfwReport(
    [property: JsonPropertyName("crop")] string Crop,
    [property: JsonPropertyName("portraits")] string Portraits,
    [property: JsonPropertyName("fills_frame")] float FillsFrame,
    [property: JsonPropertyName("detection_rate")] double DetectionRate,
    [property: JsonPropertyName("accuracy_drop_points")] double AccuracyDropPoints,
    [property: JsonPropertyName("original")] LfwReport Original,
    [property: JsonPropertyName("portrait")] LfwReport Portrait);
