using System.Text.Json.Serialization;

namespace EGov.Biometrics.Benchmarks.Edge;

/// <summary>Mean ms per desk frame of each stage of the frame processor, for every face of the frame (<see cref="EdgeStages"/>).</summary>
public sealed record EdgeStageTimes(
    [property: JsonPropertyName("faces_per_frame")] double FacesPerFrame,
    [property: JsonPropertyName("detection_ms")] double DetectionMs,
    [property: JsonPropertyName("landmarks_ms")] double LandmarksMs,
    [property: JsonPropertyName("alignment_ms")] double AlignmentMs,
    [property: JsonPropertyName("cheap_quality_ms")] double CheapQualityMs,
    [property: JsonPropertyName("appearance_ms")] double AppearanceMs,
    [property: JsonPropertyName("liveness_crop_ms")] double LivenessCropMs,
    [property: JsonPropertyName("liveness_png_ms")] double LivenessPngMs,
    [property: JsonPropertyName("pose_model_ms")] double PoseModelMs)
{
    public override string ToString() =>
        $"{FacesPerFrame:F2} faces a frame; ms per frame, every face: detection {DetectionMs:F2}, landmarks {LandmarksMs:F2}, alignment {AlignmentMs:F2}, " +
        $"cheap quality (eye-state model twice, crop measures, landmark pose) {CheapQualityMs:F2}, appearance descriptor {AppearanceMs:F2}; " +
        $"for some faces only: liveness context crop {LivenessCropMs:F2}, its PNG {LivenessPngMs:F2}, pose model {PoseModelMs:F2}";
}
