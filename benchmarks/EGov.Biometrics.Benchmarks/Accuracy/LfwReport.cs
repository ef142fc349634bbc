using System.Text.Json.Serialization;
using EGov.Biometrics.Vision.Models;

namespace EGov.Biometrics.Benchmarks.Accuracy;

/// <summary>The figures of <c>egov-bio bench lfw</c>, named as the JSON output names them.</summary>
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
    [property: JsonPropertyName("detect_fallbacks")] int DetectFallbacks,
    [property: JsonPropertyName("images")] int Images,
    [property: JsonPropertyName("detect_fallbacks_all_images")] int DetectFallbacksAllImages,
    [property: JsonPropertyName("detect_fallback_images")] IReadOnlyList<string> DetectFallbackImages,
    [property: JsonPropertyName("identification")] IdentificationReport? Identification,
    [property: JsonPropertyName("ms_per_image")] double MsPerImage,
    [property: JsonPropertyName("calibration")] CalibrationReport? Calibration,
    [property: JsonPropertyName("variants")] IReadOnlyList<VariantReport> Variants,
    [property: JsonPropertyName("plots")] IReadOnlyList<string> Plots);

public sealed record IdentificationReport(
    [property: JsonPropertyName("gallery_subjects")] int GallerySubjects,
    [property: JsonPropertyName("distractors")] int Distractors,
    [property: JsonPropertyName("mated_probes")] int MatedProbes,
    [property: JsonPropertyName("non_mated_probes")] int NonMatedProbes,
    [property: JsonPropertyName("rank1")] double Rank1,
    [property: JsonPropertyName("fnir_at_fpir_0.01")] double FnirAtFpir1e2,
    [property: JsonPropertyName("fnir_at_fpir_0.003")] double FnirAtFpir3e3)
{
    public static IdentificationReport From(IdentificationResult r) =>
        new(r.GallerySubjects, r.Distractors, r.MatedProbes, r.NonMatedProbes, r.Rank1, r.FnirAtFpir1e2, r.FnirAtFpir3e3);
}

public sealed record CalibrationReport(
    [property: JsonPropertyName("impostor_pairs")] long ImpostorPairs,
    [property: JsonPropertyName("thresholds")] IReadOnlyList<FmrThreshold> Thresholds);

public sealed record VariantReport(
    [property: JsonPropertyName("variant")] string Variant,
    [property: JsonPropertyName("accuracy_mean")] double AccuracyMean,
    [property: JsonPropertyName("accuracy_std")] double AccuracyStd,
    [property: JsonPropertyName("auc")] double Auc,
    [property: JsonPropertyName("eer")] double Eer,
    [property: JsonPropertyName("tar_at_far_1e-3")] double TarAtFar1e3);
