using System.Text.Json.Serialization;

namespace EGov.Biometrics.Benchmarks.Accuracy;

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
