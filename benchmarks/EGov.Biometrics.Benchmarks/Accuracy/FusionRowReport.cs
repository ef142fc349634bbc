using System.Text.Json.Serialization;
using EGov.Biometrics.Vision.Models;

namespace EGov.Biometrics.Benchmarks.Accuracy;

/// <summary>One embedder (or the fusion of two) in <c>bench lfw --fusion</c>: verification, identification and calibration.</summary>
public sealed record FusionRowReport(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("accuracy_mean")] double AccuracyMean,
    [property: JsonPropertyName("accuracy_std")] double AccuracyStd,
    [property: JsonPropertyName("auc")] double Auc,
    [property: JsonPropertyName("eer")] double Eer,
    [property: JsonPropertyName("tar_at_far_1e-3")] double TarAtFar1e3,
    [property: JsonPropertyName("tar_at_fmr_1e-4_calibrated")] double? TarAtCalibratedFmr1e4,
    [property: JsonPropertyName("rank1")] double Rank1,
    [property: JsonPropertyName("fnir_at_fpir_0.01")] double FnirAtFpir1e2,
    [property: JsonPropertyName("impostor_mean")] double ImpostorMean,
    [property: JsonPropertyName("impostor_std")] double ImpostorStd,
    [property: JsonPropertyName("calibration")] IReadOnlyList<FmrThreshold> Calibration,
    [property: JsonPropertyName("ms_per_face")] double MsPerFace);
