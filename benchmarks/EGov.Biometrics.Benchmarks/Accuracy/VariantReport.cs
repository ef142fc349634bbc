using System.Text.Json.Serialization;

namespace EGov.Biometrics.Benchmarks.Accuracy;

public sealed record VariantReport(
    [property: JsonPropertyName("variant")] string Variant,
    [property: JsonPropertyName("accuracy_mean")] double AccuracyMean,
    [property: JsonPropertyName("accuracy_std")] double AccuracyStd,
    [property: JsonPropertyName("auc")] double Auc,
    [property: JsonPropertyName("eer")] double Eer,
    [property: JsonPropertyName("tar_at_far_1e-3")] double TarAtFar1e3);
