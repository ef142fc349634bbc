using System.Text.Json.Serialization;

namespace EGov.Biometrics.Benchmarks.Accuracy;

/// <summary>The figures of <c>egov-bench lfw</c>, named as the JSON output names them.</summary>
public sealed record LfwReport(
    [property: JsonPropertyName("model")] string Model,
    [property: JsonPropertyName("variant")] string Variant,
    [property: JsonPropertyName("pairs")] int Pairs,
    [property: JsonPropertyName("accuracy_mean")] double AccuracyMean,
    [property: JsonPropertyName("accuracy_std")] double AccuracyStd,
    [property: JsonPropertyName("auc")] double Auc,
    [property: JsonPropertyName("eer")] double Eer,
    [property: JsonPropertyName("tar_at_far_1e-3")] double TarAtFar1e3,
    [property: JsonPropertyName("far_resolution")] double FarResolution,
    [property: JsonPropertyName("pair_images")] int PairImages,
    [property: JsonPropertyName("detection_methods")] IReadOnlyDictionary<string, int> DetectionMethods,
    [property: JsonPropertyName("landmark_placed_images")] IReadOnlyList<string> LandmarkPlacedImages,
    [property: JsonPropertyName("detect_fallbacks")] int DetectFallbacks,
    [property: JsonPropertyName("images")] int Images,
    [property: JsonPropertyName("detect_fallbacks_all_images")] int DetectFallbacksAllImages,
    [property: JsonPropertyName("detect_fallback_images")] IReadOnlyList<string> DetectFallbackImages,
    [property: JsonPropertyName("identification")] IdentificationReport? Identification,
    [property: JsonPropertyName("ms_per_image")] double MsPerImage,
    [property: JsonPropertyName("calibration")] CalibrationReport? Calibration,
    [property: JsonPropertyName("variants")] IReadOnlyList<VariantReport> Variants,
    [property: JsonPropertyName("plots")] IReadOnlyList<string> Plots);
